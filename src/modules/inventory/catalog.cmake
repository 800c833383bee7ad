# Catalog part: units of measure, categories, products and variants, barcodes, reorder rules
# and counts.
list(APPEND INVENTORY_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/catalog_stub.cc)
