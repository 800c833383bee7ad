# Receivables part of the accounting module: taxes, payment terms, invoices and bills,
# payments and allocation, aging, statements, the tax report and FX revaluation.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_domain.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_taxes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_invoices.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_posting.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_payments.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_offsets.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_reports.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_preview.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_summary.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_routes.cc)
list(APPEND ACCOUNTING_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_service_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_errors_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_offsets_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_summary_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_http_test.cc)
