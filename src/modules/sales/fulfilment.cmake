# Fulfilment part: deliveries (pick, pack, ship), invoicing from orders and down payments,
# returns, the customer 360 overview.
list(APPEND SALES_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/fulfilment_stub.cc)
