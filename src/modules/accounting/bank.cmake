# Bank part of the accounting module: bank accounts, statement parsers (camt.053, OFX, CSV),
# import and reconciliation.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_xml.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_parsing.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_camt.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_ofx.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_csv.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_service.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_reconcile.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_documents.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_routes.cc)
list(APPEND ACCOUNTING_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_parsers_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_service_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_documents_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_http_test.cc)
# The parser tests read the committed sample statements.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/src/bank_parsers_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_service_test.cc ${CMAKE_CURRENT_LIST_DIR}/src/bank_http_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_documents_test.cc
  PROPERTIES COMPILE_DEFINITIONS KEEL_BANK_TESTDATA="${CMAKE_CURRENT_LIST_DIR}/testdata/bank")
