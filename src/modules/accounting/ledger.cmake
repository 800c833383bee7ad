# Ledger: chart, journals, fiscal years, posting, balances, check.
list(APPEND ACCOUNTING_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/accounting_module.cc)
list(APPEND ACCOUNTING_TESTS)
