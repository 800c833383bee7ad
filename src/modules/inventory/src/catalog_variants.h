#pragma once

// Variants from attribute lines: validation and the combinations, without I/O.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog_store.h"

namespace keel::inventory::catalog {

struct AttributeLine {
  std::string name;
  std::vector<std::string> values;
  std::vector<std::int64_t> price_extras_e6;  // one per value
};

// One combination: the index of a value in each line, and what it makes of the template.
struct Combination {
  std::vector<std::size_t> value_indexes;
  std::string sku;
  std::string suffix;  // "S, red"
  std::int64_t price_extra_e6 = 0;
};

// Checks the attribute lines and price extras of a template. Errors: attribute_invalid,
// variants_too_many, price_extra_invalid.
Result<std::vector<AttributeLine>> read_attribute_lines(
    const std::vector<AttributeDraft>& attributes,
    const std::map<std::string, std::string>& price_extras, Currency currency);

// Every combination in order (the first attribute varies slowest), with its SKU
// (template SKU, then each value's sku_fragment, or its position when that is empty) and price
// extra. Errors: sku_invalid (a SKU over the length limit), attribute_invalid (two
// combinations with one SKU).
Result<std::vector<Combination>> combinations(const std::vector<AttributeLine>& lines,
                                              const std::string& template_sku);

}  // namespace keel::inventory::catalog
