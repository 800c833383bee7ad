#pragma once

// The catalog's limits, enforced at input (see README.md "Catalog: invariants and limits").
#include <cstddef>
#include <cstdint>

namespace keel::inventory::limits {

inline constexpr std::size_t kAttributesCountMax = 5;         // per template
inline constexpr std::size_t kAttributeValuesCountMax = 50;   // per attribute
inline constexpr std::size_t kVariantsCountMax = 200;         // per template
inline constexpr std::size_t kProductTaxesCountMax = 10;
inline constexpr std::size_t kSkuLengthMax = 64;
inline constexpr std::size_t kBarcodeLengthMax = 64;
inline constexpr std::size_t kAttributeLengthMax = 64;        // an attribute name or value
inline constexpr int kCategoryDepthMax = 8;
inline constexpr std::int64_t kUomsCountMax = 200;            // per company
inline constexpr std::size_t kUomNameLengthMax = 40;
inline constexpr std::int64_t kReorderRulesListedMax = 1000;  // per list and replenishment
// Unit factors: positive, at most 6 decimals and at most 10^6, so that a quantity (< 10^18
// millionths) times a factor's digits (< 10^12) times 10^6 stays inside 128 bits.
inline constexpr int kUomFactorDecimalsMax = 6;
inline constexpr std::int64_t kUomFactorMax = 1'000'000;

}  // namespace keel::inventory::limits
