# receivables part of the accounting module.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/receivables_routes.cc)
list(APPEND ACCOUNTING_TESTS)
