// Variants from attribute lines: checks, combinations, generated SKUs and price extras.
#include "catalog_variants.h"

#include <set>

#include "keel/core/utf8.h"

namespace keel::inventory::catalog {
namespace {

Error attribute_invalid(std::string message) {
  return Error::validation("attribute_invalid", std::move(message), "attributes");
}

Result<void> check_attribute_text(std::string_view text, std::string_view what) {
  if (text.empty() || !check_text(text, limits::kAttributeLengthMax, "attributes").ok()) {
    return attribute_invalid(std::string(what) + " is 1..64 characters of text");
  }
  return Ok{};
}

}  // namespace

Result<std::vector<AttributeLine>> read_attribute_lines(
    const std::vector<AttributeDraft>& attributes,
    const std::map<std::string, std::string>& price_extras, Currency currency) {
  if (attributes.size() > limits::kAttributesCountMax) {
    return attribute_invalid("a template has at most 5 attributes");
  }
  std::vector<AttributeLine> lines;
  std::set<std::string> names;
  std::size_t variants = 1;
  for (const auto& attribute : attributes) {
    TRY(check_attribute_text(attribute.name, "an attribute name"));
    if (attribute.name.find(':') != std::string::npos) {
      return attribute_invalid("an attribute name has no ':'");
    }
    if (!names.insert(attribute.name).second) {
      return attribute_invalid("attribute " + attribute.name + " is given twice");
    }
    if (attribute.values.empty() || attribute.values.size() > limits::kAttributeValuesCountMax) {
      return attribute_invalid("attribute " + attribute.name + " needs 1..50 values");
    }
    std::set<std::string> values;
    for (const auto& value : attribute.values) {
      TRY(check_attribute_text(value, "a value"));
      if (!values.insert(value).second) {
        return attribute_invalid("value " + value + " of " + attribute.name + " is given twice");
      }
    }
    variants *= attribute.values.size();
    if (variants > limits::kVariantsCountMax) {
      return Error::validation("variants_too_many",
                               "these attributes make more than 200 variants", "attributes");
    }
    lines.push_back({attribute.name, attribute.values,
                     std::vector<std::int64_t>(attribute.values.size(), 0)});
  }
  for (const auto& [key, text] : price_extras) {
    const auto colon = key.find(':');
    bool found = false;
    for (auto& line : lines) {
      if (colon == std::string::npos || line.name != key.substr(0, colon)) continue;
      for (std::size_t i = 0; i < line.values.size(); ++i) {
        if (line.values[i] != key.substr(colon + 1)) continue;
        auto extra = parse_price(text, currency, "price_extra_invalid", "price_extras");
        if (!extra.ok()) return extra.release_error();
        line.price_extras_e6[i] = *extra;
        found = true;
      }
    }
    if (!found) {
      return Error::validation("price_extra_invalid",
                               key + " is not attribute:value of this product", "price_extras");
    }
  }
  return lines;
}

Result<std::vector<Combination>> combinations(const std::vector<AttributeLine>& lines,
                                              const std::string& template_sku) {
  KEEL_ASSERT(!lines.empty());
  std::vector<Combination> out;
  std::vector<std::size_t> indexes(lines.size(), 0);
  std::set<std::string> skus;
  while (true) {
    Combination combination;
    combination.value_indexes = indexes;
    combination.sku = template_sku;
    for (std::size_t a = 0; a < lines.size(); ++a) {
      const std::string& value = lines[a].values[indexes[a]];
      const std::string fragment = sku_fragment(value);
      combination.sku += "-" + (fragment.empty() ? std::to_string(indexes[a] + 1) : fragment);
      if (a > 0) combination.suffix += ", ";
      combination.suffix += value;
      // Each extra is ≤ 10^18 and there are at most 5: the sum fits before the range check.
      combination.price_extra_e6 += lines[a].price_extras_e6[indexes[a]];
      if (combination.price_extra_e6 > UnitPrice::kValueE6Max) {
        return Error::validation("price_extra_invalid", "the price extras are too large",
                                 "price_extras");
      }
    }
    if (combination.sku.size() > limits::kSkuLengthMax) {
      return Error::validation("sku_invalid",
                               "variant SKU " + combination.sku + " is over 64 characters",
                               "sku");
    }
    if (!skus.insert(combination.sku).second) {
      return attribute_invalid("two variants would have the SKU " + combination.sku);
    }
    out.push_back(std::move(combination));
    // Next combination: the last attribute varies fastest.
    std::size_t a = lines.size();
    while (a > 0) {
      --a;
      if (++indexes[a] < lines[a].values.size()) break;
      indexes[a] = 0;
      if (a == 0) return out;
    }
  }
}

}  // namespace keel::inventory::catalog
