# Catalog part: units of measure, categories, products and variants, barcodes, reorder rules
# and counts.
list(APPEND INVENTORY_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_categories.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_common.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_demo.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_json.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_products_read.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_products_update.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_products_write.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_replenishment.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_replenishment_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_uoms.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_variants.cc)
list(APPEND INVENTORY_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_products_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_replenishment_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_uoms_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_http_test.cc)
