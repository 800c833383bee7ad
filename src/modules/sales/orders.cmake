# Orders part: price lists and discount rules, quotes and the configurator, approval, sales
# orders with credit check, available-to-promise and reservation, cancellation, numbering.
list(APPEND SALES_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/orders_stub.cc)
