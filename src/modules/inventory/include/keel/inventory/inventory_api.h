#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keel/accounting/accounting_api.h"
#include "keel/accounting/receivables_api.h"
#include "keel/core/date.h"
#include "keel/core/ids.h"
#include "keel/core/money.h"
#include "keel/core/quantity.h"
#include "keel/core/result.h"
#include "keel/core/unit_price.h"
#include "keel/db/db.h"
#include "keel/db/migrations.h"
#include "keel/http/router.h"
#include "keel/partners/partners_api.h"

// Inventory: products and their variants, units of measure, warehouses and locations, stock
// moves, quantities and their valuation. The contract other modules (sales, purchasing,
// manufacturing) rely on:
//
//   * A stock move is the only way stock changes. Quantities per product and location
//     (on hand, reserved) are kept incrementally in the move's transaction and always equal
//     the sum of done moves (on hand) and of reservations of open moves (reserved);
//     `keel check` proves it, and that reserved ≤ on hand in every internal location.
//   * Every valued move (one that crosses the company's books: supplier → internal,
//     internal → customer, internal ↔ loss / production, revaluation) posts its value through
//     accounting::post() in the same transaction, so the inventory account always equals the
//     stock valuation (sum of valuation layers); `keel check` proves it.
//   * Reservation never oversells: reserve() takes stock with conditional updates
//     (`… WHERE on_hand - reserved >= $q`), so concurrent callers on both engines together
//     reserve at most what is there.
//
// Every function takes the caller's transaction and never commits; one that returns an Error
// has written nothing the caller must keep. Ids of another company are reported as not found.
// Quantities are in the product's unit of measure unless a function says otherwise; costs and
// values are in the company currency.
namespace keel::inventory {

using Context = accounting::Context;
using ProductId = Id<struct ProductTag>;
using CategoryId = Id<struct CategoryTag>;
using UomId = Id<struct UomTag>;
using WarehouseId = Id<struct WarehouseTag>;
using LocationId = Id<struct LocationTag>;
using LotId = Id<struct LotTag>;
using MoveId = Id<struct MoveTag>;

// ---- units of measure --------------------------------------------------------------------------

// A unit belongs to a category (units, weight, length, volume, time); within a category
// quantities convert through the reference unit: quantity_in_reference = quantity × factor.
// `decimals` (0..6) is the unit's rounding (pieces 0, kilograms 3).
struct Uom {
  UomId id;
  std::string category;
  std::string name;        // "pc", "kg", "box of 12"
  std::string factor;      // decimal text, reference units per one of this unit ("12")
  int decimals = 0;
  bool reference = false;
};
Result<std::vector<Uom>> list_uoms(db::Tx& tx, CompanyId company_id);
// Converts `quantity` from one unit to another of the same category, rounded to the target
// unit's decimals by `rounding`. Errors: uom_not_found, uom_category_mismatch.
Result<Quantity> convert(db::Tx& tx, CompanyId company_id, Quantity quantity, UomId from,
                         UomId to, Rounding rounding);

// The unit categories, in display order: units, weight, length, volume, time.
const std::vector<std::string>& uom_categories();
// A company's units are seeded (pc, kg, m, l, h and their multiples, see README.md) the first
// time a write transaction asks for them: list_uoms() in a write transaction, create_uom(),
// and product creation do. In a read transaction list_uoms() returns what is stored.
// Errors: uom_not_found.
Result<Uom> get_uom(db::Tx& tx, CompanyId company_id, UomId id);
// By name ("kg"), seeding first in a write transaction. Errors: uom_not_found.
Result<Uom> find_uom(db::Tx& tx, CompanyId company_id, std::string_view name);
struct UomDraft {
  std::string category;  // one of uom_categories()
  std::string name;
  std::string factor;    // decimal text > 0, at most 6 decimals, at most 1000000
  int decimals = 0;      // 0..6
};
// A custom unit (never a category's reference). Errors: uom_category_invalid, uom_name_taken
// (conflict), uom_name_invalid, uom_factor_invalid, uom_decimals_invalid. Audited.
Result<Uom> create_uom(db::Tx& tx, const Context& context, const UomDraft& draft);

// ---- products ----------------------------------------------------------------------------------

enum class ProductType { stockable, consumable, service };
std::string_view to_string(ProductType type);
enum class Tracking { none, lot, serial };
enum class CostMethod { fifo, average, standard };
std::string_view to_string(CostMethod method);

// A sellable item. A product with variant attributes (size, colour) is a template: each of its
// variants is a Product of its own (own id, SKU, barcode, price extra, stock); the template
// itself holds no stock. Sales lines and stock moves always name a variant or a product
// without variants.
struct Product {
  ProductId id;
  std::optional<ProductId> template_id;  // set on variants
  bool is_template = false;
  std::string sku;
  std::string barcode;                     // empty or unique in the company
  std::map<std::string, std::string> names;  // language → name
  ProductType type = ProductType::stockable;
  Tracking tracking = Tracking::none;
  CategoryId category_id;
  CostMethod cost_method = CostMethod::fifo;  // the category's
  UomId uom_id;
  std::string list_price;    // decimal text in company currency (template price + price_extra)
  std::string price_extra;   // decimal text, variants only ("0" otherwise)
  std::string standard_cost; // decimal text per unit, company currency
  std::map<std::string, std::string> attributes;  // variant: attribute → value ("size" → "M")
  std::vector<std::string> taxes;  // names of sales taxes (receivables) applied by default
  bool archived = false;
  std::int64_t version = 1;
  // Added with the catalog: the currency of list_price/standard_cost (the company's), the
  // ids of `taxes`, and for a template its attribute lines and number of variants.
  std::string currency;
  std::vector<accounting::TaxId> tax_ids;
  struct AttributeValue {
    std::string value;
    std::string price_extra;  // decimal text
  };
  struct AttributeLine {
    std::string name;
    std::vector<AttributeValue> values;
  };
  std::vector<AttributeLine> attribute_lines;  // templates only
  std::vector<std::string> attribute_order;    // variants: attribute names in template order
  int variant_count = 0;
  // The English name, else the first of fa, he, zh, lt present.
  std::string display_name() const;
};
// Errors: product_not_found (not_found).
Result<Product> get_product(db::Tx& tx, CompanyId company_id, ProductId id);
// The products with `ids` (repeats allowed), read together, by id. Errors: product_not_found.
Result<std::map<ProductId, Product>> get_products(db::Tx& tx, CompanyId company_id,
                                                  std::span<const ProductId> ids);
// By SKU or barcode (what a scanner types). Errors: product_not_found.
Result<Product> find_product_by_code(db::Tx& tx, CompanyId company_id, std::string_view code);

// Errors: product_type_invalid.
Result<ProductType> parse_product_type(std::string_view text);
std::string_view to_string(Tracking tracking);
// Errors: product_tracking_invalid.
Result<Tracking> parse_tracking(std::string_view text);
// Errors: cost_method_invalid.
Result<CostMethod> parse_cost_method(std::string_view text);

// ---- product categories

// A category decides how its products' stock is valued and, optionally, to which accounts.
struct Category {
  CategoryId id;
  std::string name;
  std::optional<CategoryId> parent_id;
  CostMethod cost_method = CostMethod::fifo;
  std::optional<accounting::AccountId> inventory_account_id;
  std::optional<accounting::AccountId> cost_of_goods_account_id;
  std::int64_t version = 1;
};
struct CategoryDraft {
  std::string name;
  std::optional<CategoryId> parent_id;
  std::string cost_method = "fifo";  // fifo | average | standard
  std::optional<accounting::AccountId> inventory_account_id;
  std::optional<accounting::AccountId> cost_of_goods_account_id;
};
// Errors: category_name_required, category_name_taken (conflict), category_not_found (the
// parent), category_depth_exceeded, cost_method_invalid, account_not_found, account_archived.
// Audited.
Result<Category> create_category(db::Tx& tx, const Context& context, const CategoryDraft& draft);
// Errors: category_not_found (not_found).
Result<Category> get_category(db::Tx& tx, CompanyId company_id, CategoryId id);
// Ordered by name; seeds "All" first in a write transaction.
Result<std::vector<Category>> list_categories(db::Tx& tx, CompanyId company_id);
// The company's category "All" (fifo), created on first use.
Result<Category> default_category(db::Tx& tx, const Context& context);

// ---- creating and changing products

struct AttributeDraft {
  std::string name;                 // "size"
  std::vector<std::string> values;  // "S", "M", "L"
};
// What POST /api/v1/inventory/products takes. Enumerations are text so that every problem is
// reported with its code by create_product.
struct ProductDraft {
  std::string type = "stockable";  // stockable | consumable | service
  std::string sku;
  std::string barcode;                        // optional
  std::map<std::string, std::string> names;  // en, fa, he, zh, lt: at least one
  std::optional<CategoryId> category_id;     // default: "All"
  std::optional<UomId> uom_id;               // default: "pc"
  std::string tracking = "none";             // none | lot | serial
  std::string list_price = "0";              // company currency
  std::string standard_cost = "0";           // company currency
  std::vector<std::string> taxes;            // names or ids (as text) of sales taxes
  std::vector<AttributeDraft> attributes;    // non-empty: a template with variants
  std::map<std::string, std::string> price_extras;  // "size:L" → "2.00"
};
// Creates a product, or a template and one variant per combination of attribute values.
// Errors (validation unless noted): product_type_invalid, product_tracking_invalid,
// sku_invalid, sku_taken (conflict), barcode_invalid, barcode_check_digit_invalid,
// barcode_taken (conflict), product_name_required, product_name_language_invalid,
// product_name_invalid, product_price_invalid, product_cost_invalid, category_not_found,
// uom_not_found, tax_not_found, tax_scope_mismatch, product_taxes_too_many,
// attribute_invalid, variants_too_many, price_extra_invalid. Audited.
Result<Product> create_product(db::Tx& tx, const Context& context, const ProductDraft& draft);

// Fields a PATCH may change; absent fields stay. `version` must be the stored one.
struct ProductPatch {
  std::int64_t version = 0;
  std::optional<std::string> sku;
  std::optional<std::string> barcode;  // "" removes it
  std::optional<std::map<std::string, std::string>> names;
  std::optional<CategoryId> category_id;
  std::optional<std::string> list_price;
  std::optional<std::string> standard_cost;
  std::optional<std::vector<std::string>> taxes;
  std::optional<std::string> price_extra;  // variants only
};
// Errors: product_not_found (not_found), version_conflict (conflict), price_extra_invalid (on
// a product that is not a variant), the create errors of the fields given, and those of the
// stock part's revaluation when a standard-cost product's cost changes. On a template, names,
// category, list price, taxes and standard cost carry over to its variants. Audited.
Result<Product> update_product(db::Tx& tx, const Context& context, ProductId id,
                               const ProductPatch& patch);
// Archives (or brings back) a product; a template's variants with it. Errors:
// product_not_found. Audited when something changed.
Result<Product> archive_product(db::Tx& tx, const Context& context, ProductId id);
Result<Product> unarchive_product(db::Tx& tx, const Context& context, ProductId id);

enum class VariantFilter { exclude, include, only };
enum class ArchivedFilter { exclude, include, only };
struct ProductQuery {
  std::string search;  // part of a name, SKU or barcode
  std::optional<ProductType> type;
  std::optional<CategoryId> category_id;
  VariantFilter variants = VariantFilter::exclude;
  ArchivedFilter archived = ArchivedFilter::exclude;
  std::int64_t after_id = 0;
  std::int64_t limit = 50;  // 1..limits::kPageSizeMax (asserted)
};
struct ProductPage {
  std::vector<Product> items;  // by id
  std::optional<std::int64_t> next_cursor;
};
Result<ProductPage> list_products(db::Tx& tx, CompanyId company_id, const ProductQuery& query);
// A template's variants in combination order (empty for a product without variants).
// Errors: product_not_found.
Result<std::vector<Product>> list_variants(db::Tx& tx, CompanyId company_id, ProductId id);

// ---- warehouses and locations ------------------------------------------------------------------

// internal locations hold the company's stock (a warehouse's stock, input, output and their
// children); the others are the counterparts of moves.
enum class LocationUsage { internal, supplier, customer, loss, production, transit };
std::string_view to_string(LocationUsage usage);

struct Location {
  LocationId id;
  std::optional<LocationId> parent_id;
  std::optional<WarehouseId> warehouse_id;
  std::string name;       // "WH/Stock/Shelf A"
  std::string barcode;
  LocationUsage usage = LocationUsage::internal;
  bool archived = false;
};

struct Warehouse {
  WarehouseId id;
  std::string code;       // "WH"
  std::string name;
  LocationId stock_location_id;   // WH/Stock (internal)
  LocationId input_location_id;   // WH/Input (internal)
  LocationId output_location_id;  // WH/Output (internal)
};
Result<std::vector<Warehouse>> list_warehouses(db::Tx& tx, CompanyId company_id);
// The company's first warehouse, created with its locations (and the company-wide supplier,
// customer, loss, production and transit locations) the first time it is asked for.
Result<Warehouse> default_warehouse(db::Tx& tx, const Context& context);
// The company-wide location of a usage other than internal (created on first use).
Result<Location> partner_location(db::Tx& tx, const Context& context, LocationUsage usage);
// Errors: location_not_found.
Result<Location> get_location(db::Tx& tx, CompanyId company_id, LocationId id);

// ---- quantities --------------------------------------------------------------------------------

// Quantities of one product, in its unit. on_hand and reserved are sums over the internal
// locations (of the warehouse when given); available = on_hand − reserved; incoming and
// outgoing are open (not done, not cancelled) moves into and out of them; forecast =
// on_hand + incoming − outgoing.
struct StockLevel {
  ProductId product_id;
  Quantity on_hand = Quantity::zero();
  Quantity reserved = Quantity::zero();
  Quantity available = Quantity::zero();
  Quantity incoming = Quantity::zero();
  Quantity outgoing = Quantity::zero();
  Quantity forecast = Quantity::zero();
};
Result<StockLevel> stock_level(db::Tx& tx, CompanyId company_id, ProductId product,
                               std::optional<WarehouseId> warehouse = std::nullopt);

// Available (on hand − reserved) of each product over all internal locations of the company,
// in one read; products without stock get zero.
Result<std::map<ProductId, Quantity>> available_quantities(db::Tx& tx, CompanyId company_id,
                                                           std::span<const ProductId> products);

// Available to promise: how much of `quantity` can be had now from available stock, and the
// earliest date at which all of it can, counting open incoming moves by their date (none when
// even those do not cover it).
struct Promise {
  Quantity available_now = Quantity::zero();
  std::optional<Date> earliest_date;
};
Result<Promise> available_to_promise(db::Tx& tx, const Context& context, ProductId product,
                                     WarehouseId warehouse, Quantity quantity, Date today);

// ---- moves -------------------------------------------------------------------------------------

enum class MoveState { draft, confirmed, partially_available, assigned, done, cancelled };
std::string_view to_string(MoveState state);

struct MoveDraft {
  ProductId product_id;
  Quantity quantity = Quantity::zero();  // positive, in the product's unit
  LocationId from_location_id;
  LocationId to_location_id;
  Date date = accounting::detail::placeholder_date();  // scheduled (accounting date when done)
  std::string origin;                      // "sales.order:12", "sales.return:3"
  std::optional<partners::PartyId> partner_id;
  // For moves into the company from outside (receipts): the cost per unit in company
  // currency; absent: the product's current cost.
  std::optional<UnitPrice> unit_cost;
  // For returns from a customer: the move whose value is given back (so a return re-enters
  // stock at the cost it left with, not today's).
  std::optional<MoveId> origin_move_id;
};

struct MoveLot {
  LotId lot_id;
  std::string lot_name;
  Quantity quantity = Quantity::zero();
};

struct Move {
  MoveId id;
  ProductId product_id;
  Quantity quantity = Quantity::zero();
  Quantity reserved = Quantity::zero();
  Quantity done_quantity = Quantity::zero();
  LocationId from_location_id;
  LocationId to_location_id;
  MoveState state = MoveState::draft;
  Date date = accounting::detail::placeholder_date();
  std::string origin;
  std::optional<partners::PartyId> partner_id;
  std::optional<MoveId> origin_move_id;
  std::string value;  // decimal text, company currency, signed from the company's view
                      // (receipt +, delivery −); "0" until done or when not valued
  std::optional<accounting::EntryId> entry_id;
  std::vector<MoveLot> lots;
};

// Errors of the move functions (validation unless noted): product_not_found,
// product_not_stockable (a service), location_not_found, move_locations_same,
// move_quantity_invalid (not positive, or more decimals than the unit allows),
// move_not_found (not_found), move_state_invalid (conflict: done or cancelled),
// stock_insufficient (conflict: not enough available), lot_required (a tracked product done
// without lots), lot_quantity_mismatch, serial_quantity_invalid (a serial with quantity ≠ 1),
// serial_in_stock (conflict: a serial received twice), lot_not_found, lot_expired (shipping
// a lot past its expiry date), and accounting::post()'s (period_closed, period_locked, …).

// Records a planned move (state confirmed): counted in incoming/outgoing and forecast.
Result<Move> create_move(db::Tx& tx, const Context& context, const MoveDraft& draft);

enum class ReserveMode { all_or_nothing, partial };
// Reserves the move's unreserved quantity from available stock of its source location and
// its children (oldest lots / earliest expiry first). all_or_nothing: stock_insufficient and
// nothing reserved unless all of it is available; partial: whatever is there (state
// partially_available or assigned). Returns the move.
Result<Move> reserve(db::Tx& tx, const Context& context, MoveId id, ReserveMode mode);
// Records the moves of `drafts` in their order and, with `reserve`, reserves each right away
// as reserve() would (callers that take several products lock them in product-id order). Each
// product and location is read once; each move gets one audit row ("create", with what was
// reserved). Errors: those of create_move and reserve; on any error, nothing of the call
// remains, and `failed` (when given) is set to the index of the draft that failed. Returns the
// moves as stored, in the drafts' order.
Result<std::vector<Move>> create_moves(db::Tx& tx, const Context& context,
                                       std::span<const MoveDraft> drafts,
                                       std::optional<ReserveMode> reserve,
                                       std::size_t* failed = nullptr);
// Releases the move's reservation (state back to confirmed).
Result<Move> unreserve(db::Tx& tx, const Context& context, MoveId id);

struct DoneLine {
  Quantity quantity = Quantity::zero();
  std::optional<LotId> lot_id;
  std::string lot_name;  // creates the lot (or serial) on a receipt when lot_id is absent
  std::optional<Date> expiry_date;
};
// Carries out `quantity` of the move (all of it when absent) on `date` (the move's date when
// absent): stock leaves the source and enters the destination, the move is valued and posted.
// A partial quantity splits the rest into a new open move (the backorder) keeping its
// reservation; the returned move is the done part.
Result<Move> complete_move(db::Tx& tx, const Context& context, MoveId id,
                           std::optional<Quantity> quantity = std::nullopt,
                           std::vector<DoneLine> lots = {},
                           std::optional<Date> date = std::nullopt);
// Completes several moves in one call, as complete_move does each, on `date` (each move's own
// date when absent). Their valued amounts are posted together: one entry per date, with
// `memo` and `origin` (a delivery names itself), named as the entry of every move it covers.
// Errors: those of complete_move; on any error nothing of the call remains, and `failed`
// (when given) is set to the index that failed. Returns the done moves in the given order.
struct MoveCompletion {
  MoveId id;
  std::optional<Quantity> quantity;  // all of the move when absent
  std::vector<DoneLine> lots;
};
Result<std::vector<Move>> complete_moves(db::Tx& tx, const Context& context,
                                         std::span<const MoveCompletion> completions,
                                         std::optional<Date> date, std::string memo,
                                         std::string origin, std::size_t* failed = nullptr);
// Locks the stock rows (quants) of the products, in product-id order, for the rest of the
// transaction. A command that changes the stock of several products and then posts to the
// ledger (shipping a delivery, cancelling an order) calls it first, so that it never holds a
// ledger row while waiting for a product another transaction holds: the order of locks is
// then the same everywhere (stock in product order, then the ledger) and PostgreSQL has no
// deadlock to break. A no-op on SQLite, whose writers run one at a time.
Result<void> lock_stock(db::Tx& tx, CompanyId company_id, std::span<const ProductId> products);
// Cancels an open move and releases its reservation.
Result<Move> cancel_move(db::Tx& tx, const Context& context, MoveId id);
Result<Move> get_move(db::Tx& tx, CompanyId company_id, MoveId id);
// The moves with `ids`, in that order, read together. Errors: move_not_found.
Result<std::vector<Move>> get_moves(db::Tx& tx, CompanyId company_id, std::span<const MoveId> ids);

// The value (company currency) of the stock on hand of a product, and in total.
Result<Money> stock_value(db::Tx& tx, const Context& context,
                          std::optional<ProductId> product = std::nullopt);

// ---- module wiring ----------------------------------------------------------------------------

const db::MigrationSet& migrations();
std::vector<http::PermissionSpec> permissions();
void register_routes(http::Router& router);

// Invariants `keel check` proves, one line per breach: on hand per product and location
// equals the sum of done moves; reserved equals the reservations of open moves and is
// ≤ on hand; valuation layers' remaining value sums to the inventory account's balance.
Result<std::vector<std::string>> check(db::Tx& tx);
inline constexpr int kCheckedInvariantsCount = 3;

// Demo data: a few product categories, products with variants and lots, a warehouse with
// shelves, and receipts that put them in stock (valued and posted).
Result<void> seed_demo(db::Tx& tx, const Context& context, Date today);

}  // namespace keel::inventory
