# reports part of the accounting module.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/reports_routes.cc)
list(APPEND ACCOUNTING_TESTS)
