// Units of measure: the seeded units of each company, custom units, and exact conversion.
#include <array>

#include "catalog_store.h"
#include "keel/core/utf8.h"

namespace keel::inventory {
namespace {

struct SeedUnit {
  const char* category;
  const char* name;
  const char* factor;
  int decimals;
  bool reference;
};

// Every company's units (README.md "Units of measure"); the first of a category is its
// reference unit.
constexpr std::array<SeedUnit, 16> kSeedUnits = {{
    {"units", "pc", "1", 0, true},
    {"units", "pair", "2", 0, false},
    {"units", "dozen", "12", 0, false},
    {"units", "box of 10", "10", 0, false},
    {"weight", "kg", "1", 3, true},
    {"weight", "g", "0.001", 1, false},
    {"weight", "t", "1000", 3, false},
    {"length", "m", "1", 3, true},
    {"length", "cm", "0.01", 1, false},
    {"length", "mm", "0.001", 0, false},
    {"length", "km", "1000", 3, false},
    {"volume", "l", "1", 3, true},
    {"volume", "ml", "0.001", 0, false},
    {"volume", "m3", "1000", 3, false},
    {"time", "h", "1", 2, true},
    {"time", "day", "24", 2, false},
}};

constexpr std::string_view kUomColumns = "id, category, name, factor, decimals, reference";

Uom uom_from_row(const db::Row& row) {
  Uom uom;
  uom.id = UomId{row.integer(0)};
  uom.category = row.text(1);
  uom.name = row.text(2);
  uom.factor = row.text(3);
  uom.decimals = static_cast<int>(row.integer(4));
  uom.reference = row.integer(5) == 1;
  KEEL_ASSERT(uom.decimals >= 0 && uom.decimals <= 6);
  return uom;
}

Result<decimal::Parsed> parse_factor(std::string_view text) {
  auto parsed = decimal::parse(text, limits::kUomFactorDecimalsMax, "uom_factor");
  if (!parsed.ok() || parsed->mantissa <= 0 ||
      parsed->mantissa > decimal::Int128{limits::kUomFactorMax} *
                             decimal::pow10(parsed->scale)) {
    return Error::validation("uom_factor_invalid",
                             "a factor is a positive decimal up to 1000000 with at most 6 "
                             "decimals",
                             "factor");
  }
  return *parsed;
}

bool known_category(std::string_view category) {
  for (const auto& known : uom_categories()) {
    if (known == category) return true;
  }
  return false;
}

}  // namespace

namespace catalog {

Result<void> ensure_uoms(db::Tx& tx, CompanyId company_id, std::string_view now) {
  const auto any =
      TRY(tx.query_one("SELECT 1 FROM inventory_uoms WHERE company_id = $1 LIMIT 1",
                       {company_id.value()}));
  if (any) return Ok{};
  // Concurrent first uses: the second waits on the unique index and then inserts nothing.
  for (const auto& unit : kSeedUnits) {
    TRY(tx.execute(
        "INSERT INTO inventory_uoms (company_id, category, name, factor, decimals, reference, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (company_id, name) DO "
        "NOTHING",
        {company_id.value(), std::string(unit.category), std::string(unit.name),
         std::string(unit.factor), std::int64_t{unit.decimals},
         std::int64_t{unit.reference ? 1 : 0}, std::string(now)}));
  }
  return Ok{};
}

}  // namespace catalog

const std::vector<std::string>& uom_categories() {
  static const std::vector<std::string> categories = {"units", "weight", "length", "volume",
                                                      "time"};
  return categories;
}

// list_uoms and find_uom have no Context (the public signatures take a company id): seeded rows
// are stamped with the system clock, which only their created_at shows.
Result<std::vector<Uom>> list_uoms(db::Tx& tx, CompanyId company_id) {
  if (tx.is_write()) {
    TRY(catalog::ensure_uoms(tx, company_id, format_instant(SystemClock().now())));
  }
  const auto rows = TRY(tx.query(
      "SELECT " + std::string(kUomColumns) +
          " FROM inventory_uoms WHERE company_id = $1 ORDER BY CASE category WHEN 'units' THEN 0 "
          "WHEN 'weight' THEN 1 WHEN 'length' THEN 2 WHEN 'volume' THEN 3 ELSE 4 END, "
          "reference DESC, id",
      {company_id.value()}));
  std::vector<Uom> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(uom_from_row(row));
  return out;
}

Result<Uom> get_uom(db::Tx& tx, CompanyId company_id, UomId id) {
  const auto row = TRY(tx.query_one("SELECT " + std::string(kUomColumns) +
                                        " FROM inventory_uoms WHERE company_id = $1 AND id = $2",
                                    {company_id.value(), id.value()}));
  if (!row) return Error::not_found("uom_not_found", "no unit " + std::to_string(id.value()));
  return uom_from_row(*row);
}

Result<Uom> find_uom(db::Tx& tx, CompanyId company_id, std::string_view name) {
  if (tx.is_write()) {
    TRY(catalog::ensure_uoms(tx, company_id, format_instant(SystemClock().now())));
  }
  const auto row =
      TRY(tx.query_one("SELECT " + std::string(kUomColumns) +
                           " FROM inventory_uoms WHERE company_id = $1 AND name = $2",
                       {company_id.value(), std::string(name)}));
  if (!row) return Error::not_found("uom_not_found", "no unit " + std::string(name));
  return uom_from_row(*row);
}

Result<Uom> create_uom(db::Tx& tx, const Context& context, const UomDraft& draft) {
  if (!known_category(draft.category)) {
    return Error::validation("uom_category_invalid",
                             "category is units, weight, length, volume or time", "category");
  }
  if (draft.name.empty() || !check_text(draft.name, limits::kUomNameLengthMax, "name").ok()) {
    return Error::validation("uom_name_invalid", "a unit needs a name of at most 40 characters",
                             "name");
  }
  TRY(parse_factor(draft.factor));
  if (draft.decimals < 0 || draft.decimals > 6) {
    return Error::validation("uom_decimals_invalid", "decimals are 0..6", "decimals");
  }
  const std::string now = catalog::now_text(context);
  TRY(catalog::ensure_uoms(tx, context.company_id, now));
  const auto count = TRY(tx.query_one("SELECT COUNT(*) FROM inventory_uoms WHERE company_id = $1",
                                      {context.company_id.value()}));
  if (count->integer(0) >= limits::kUomsCountMax) {
    return Error::validation("uom_name_invalid", "a company has at most 200 units", "name");
  }
  const auto taken =
      TRY(tx.query_one("SELECT 1 FROM inventory_uoms WHERE company_id = $1 AND name = $2",
                       {context.company_id.value(), draft.name}));
  if (taken) return Error::conflict("uom_name_taken", "a unit named " + draft.name + " exists");
  const auto row = TRY(tx.query_one(
      "INSERT INTO inventory_uoms (company_id, category, name, factor, decimals, reference, "
      "created_at) VALUES ($1, $2, $3, $4, $5, 0, $6) RETURNING " +
          std::string(kUomColumns),
      {context.company_id.value(), draft.category, draft.name, draft.factor,
       std::int64_t{draft.decimals}, now}));
  const Uom uom = uom_from_row(*row);
  TRY(catalog::audit_change(tx, context, "create", "uom", uom.id.value(), nullptr,
                            {{"category", uom.category},
                             {"name", uom.name},
                             {"factor", uom.factor},
                             {"decimals", uom.decimals}}));
  return uom;
}

Result<Quantity> convert(db::Tx& tx, CompanyId company_id, Quantity quantity, UomId from,
                         UomId to, Rounding rounding) {
  const Uom source = TRY(get_uom(tx, company_id, from));
  const Uom target = TRY(get_uom(tx, company_id, to));
  if (source.category != target.category) {
    return Error::validation("uom_category_mismatch",
                             source.name + " does not convert to " + target.name, "to");
  }
  const auto from_factor = parse_factor(source.factor);
  const auto to_factor = parse_factor(target.factor);
  KEEL_ASSERT(from_factor.ok() && to_factor.ok());  // stored only after parse_factor
  // quantity_e6 × from / to, expressed in steps of the target's decimals and rounded once:
  // steps = q_e6 × m_from × 10^s_to / (m_to × 10^s_from × 10^(6 − decimals)).
  using decimal::Int128;
  const Int128 numerator =
      Int128{quantity.value_e6()} * from_factor->mantissa * decimal::pow10(to_factor->scale);
  const Int128 denominator = to_factor->mantissa * decimal::pow10(from_factor->scale) *
                             decimal::pow10(Quantity::kScale - target.decimals);
  const Int128 steps = decimal::divide_rounded(numerator, denominator, rounding);
  const Int128 value_e6 = steps * decimal::pow10(Quantity::kScale - target.decimals);
  if (value_e6 > Quantity::kValueE6Max || value_e6 < -Quantity::kValueE6Max) {
    return Error::validation("quantity_out_of_range", "the converted quantity is too large",
                             "quantity");
  }
  return Quantity::from_value_e6(static_cast<std::int64_t>(value_e6));
}

}  // namespace keel::inventory
