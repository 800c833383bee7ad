# bank part of the accounting module.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/bank_routes.cc)
list(APPEND ACCOUNTING_TESTS)
