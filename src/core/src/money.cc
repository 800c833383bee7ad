#include "keel/core/money.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "keel/core/assert.h"
#include "keel/core/limits.h"

namespace keel {

namespace {

struct CurrencyEntry {
  char code[4];
  int exponent;
};

// Active ISO 4217 codes and their minor-unit digits, sorted by code for binary search.
// IRR is 0 instead of ISO's 2: see money.h.
constexpr CurrencyEntry kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
    {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
    {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
    {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4},
    {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
    {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"IQD", 3}, {"IRR", 0}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
    {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2},
    {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2},
    {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2},
    {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
    {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2},
    {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
    {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

constexpr bool currencies_sorted() {
  for (std::size_t i = 1; i < std::size(kCurrencies); ++i) {
    const std::string_view previous(kCurrencies[i - 1].code, 3);
    if (!(previous < std::string_view(kCurrencies[i].code, 3))) return false;
  }
  return true;
}
static_assert(currencies_sorted(), "kCurrencies must stay sorted by code for binary search");

using decimal::Int128;

bool in_range(Int128 minor_units) {
  return minor_units >= -Money::kMinorUnitsMax && minor_units <= Money::kMinorUnitsMax;
}

Error amount_out_of_range() {
  return decimal::error("amount", "out_of_range",
                        "must be at most 999999999999999999 minor units in absolute value");
}

Error currency_mismatch(const Currency& left, const Currency& right) {
  return Error::validation("currency_mismatch", "cannot combine " + std::string(left.code()) +
                                                    " with " + std::string(right.code()));
}

Error allocation_weights_invalid(std::string_view why) {
  return Error::validation("allocation_weights_invalid", "allocation weights " + std::string(why));
}

}  // namespace

Currency::Currency(const char* code, int exponent) : m_exponent(exponent) {
  std::memcpy(m_code, code, 3);
}

bool Currency::operator==(const Currency& other) const {
  return std::memcmp(m_code, other.m_code, 3) == 0;
}

Result<Currency> Currency::from_code(std::string_view code) {
  const bool letters = code.size() == 3 && std::all_of(code.begin(), code.end(),
                                                       [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!letters) {
    return Error::validation("currency_invalid",
                             "currency must be a three-letter ISO 4217 code in capitals");
  }
  const auto* end = std::end(kCurrencies);
  const auto* found = std::lower_bound(std::begin(kCurrencies), end, code,
                                       [](const CurrencyEntry& entry, std::string_view wanted) {
                                         return std::string_view(entry.code, 3) < wanted;
                                       });
  if (found == end || std::string_view(found->code, 3) != code) {
    return Error::validation("currency_unknown",
                             "currency " + std::string(code) + " is not an active ISO 4217 code");
  }
  return Currency(found->code, found->exponent);
}

std::vector<Currency> Currency::all() {
  std::vector<Currency> currencies;
  currencies.reserve(std::size(kCurrencies));
  for (const auto& entry : kCurrencies) currencies.push_back(Currency(entry.code, entry.exponent));
  return currencies;
}

Result<Money> Money::parse(std::string_view text, Currency currency) {
  const Int128 minor_units = TRY(decimal::parse_fixed(text, currency.exponent(), "amount"));
  if (!in_range(minor_units)) return amount_out_of_range();
  return Money(static_cast<std::int64_t>(minor_units), currency);
}

Result<Money> Money::from_minor_units(std::int64_t minor_units, Currency currency) {
  if (!in_range(minor_units)) return amount_out_of_range();
  return Money(minor_units, currency);
}

Money Money::zero(Currency currency) { return Money(0, currency); }

std::string Money::to_string() const {
  return decimal::format(m_minor_units, m_currency.exponent(), m_currency.exponent());
}

Result<Money> Money::add(const Money& other) const {
  if (!(m_currency == other.m_currency)) return currency_mismatch(m_currency, other.m_currency);
  // Both operands are within ±(10^18 - 1), so the int128 sum cannot overflow.
  const Int128 sum = Int128(m_minor_units) + other.m_minor_units;
  if (!in_range(sum)) return amount_out_of_range();
  return Money(static_cast<std::int64_t>(sum), m_currency);
}

Result<Money> Money::subtract(const Money& other) const {
  if (!(m_currency == other.m_currency)) return currency_mismatch(m_currency, other.m_currency);
  const Int128 difference = Int128(m_minor_units) - other.m_minor_units;
  if (!in_range(difference)) return amount_out_of_range();
  return Money(static_cast<std::int64_t>(difference), m_currency);
}

Money Money::negated() const { return Money(-m_minor_units, m_currency); }

Money Money::abs() const { return m_minor_units < 0 ? negated() : *this; }

Result<std::strong_ordering> Money::compare(const Money& other) const {
  if (!(m_currency == other.m_currency)) return currency_mismatch(m_currency, other.m_currency);
  return m_minor_units <=> other.m_minor_units;
}

Result<std::vector<Money>> Money::allocate(std::span<const std::int64_t> weights) const {
  if (weights.empty()) return allocation_weights_invalid("must not be empty");
  if (weights.size() > limits::kAllocationPartsCountMax) {
    return allocation_weights_invalid("are too many");
  }
  // Sums and products in int128: at most 10^4 weights below 2^63 and amounts below 10^18
  // keep every intermediate below 2^127.
  Int128 weight_total = 0;
  for (std::int64_t weight : weights) {
    if (weight < 0) return allocation_weights_invalid("must not be negative");
    weight_total += weight;
  }
  if (weight_total == 0) return allocation_weights_invalid("must not all be zero");

  const Int128 magnitude = m_minor_units < 0 ? -Int128(m_minor_units) : Int128(m_minor_units);
  std::vector<Int128> shares(weights.size());
  std::vector<Int128> remainders(weights.size());
  Int128 allocated = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Int128 product = magnitude * weights[i];
    shares[i] = product / weight_total;
    remainders[i] = product % weight_total;
    allocated += shares[i];
  }
  // The leftover is smaller than the number of non-zero remainders, so parts with weight 0
  // (remainder 0) never receive a unit. A stable sort keeps the earlier index first on ties.
  std::vector<std::size_t> order(weights.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&remainders](std::size_t a, std::size_t b) {
    return remainders[a] > remainders[b];
  });
  const Int128 leftover = magnitude - allocated;
  KEEL_ASSERT(leftover >= 0 && leftover < static_cast<Int128>(weights.size()));
  for (Int128 k = 0; k < leftover; ++k) shares[order[static_cast<std::size_t>(k)]] += 1;

  std::vector<Money> parts;
  parts.reserve(weights.size());
  for (Int128 share : shares) {
    const auto part = static_cast<std::int64_t>(share);
    parts.push_back(Money(m_minor_units < 0 ? -part : part, m_currency));
  }
  return parts;
}

}  // namespace keel
