// Units of measure and product categories, on both engines: seeding, conversion with named
// rounding, custom units, categories with accounts, and every error code of both.
#include "catalog_test_support.h"

namespace keel::inventory {
namespace {

class CatalogUomTest : public test::CatalogTest {
 protected:
  Uom unit(const char* name) {
    auto uom = run([&](db::Tx& tx, const Context& c) { return find_uom(tx, c.company_id, name); });
    EXPECT_TRUE(uom.ok()) << name;
    return uom.ok() ? *uom : Uom{};
  }
  Result<Quantity> convert_text(const char* quantity, const char* from, const char* to,
                                Rounding rounding = Rounding::half_even) {
    const UomId source = unit(from).id;
    const UomId target = unit(to).id;
    return run([&](db::Tx& tx, const Context& c) {
      return convert(tx, c.company_id, Quantity::parse(quantity).value(), source, target,
                     rounding);
    });
  }
  Result<Uom> make_uom(const char* category, const char* name, const char* factor,
                       int decimals) {
    return run([&](db::Tx& tx, const Context& c) {
      return create_uom(tx, c, UomDraft{category, name, factor, decimals});
    });
  }
};

TEST_P(CatalogUomTest, units_are_seeded_once_per_company_with_a_reference_per_category) {
  auto first = run([](db::Tx& tx, const Context& c) { return list_uoms(tx, c.company_id); });
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 16u);
  auto again = run([](db::Tx& tx, const Context& c) { return list_uoms(tx, c.company_id); });
  EXPECT_EQ(again->size(), 16u);
  for (const auto& category : uom_categories()) {
    int references = 0;
    for (const auto& uom : *first) references += uom.category == category && uom.reference;
    EXPECT_EQ(references, 1) << category;
  }
  EXPECT_EQ(first->front().name, "pc");
  // A read transaction never seeds: the other company has none until a write asks.
  auto other = database().read(
      [&](db::Tx& tx) { return list_uoms(tx, m_other_company); });
  EXPECT_TRUE(other->empty());
  EXPECT_EQ(count("inventory_uoms"), 16);
}

TEST_P(CatalogUomTest, convert_is_exact_and_rounds_once_by_the_named_mode) {
  EXPECT_EQ(convert_text("1.5", "kg", "g")->to_string(), "1500");
  EXPECT_EQ(convert_text("2", "dozen", "pc")->to_string(), "24");
  EXPECT_EQ(convert_text("1250", "g", "kg")->to_string(), "1.25");
  EXPECT_EQ(convert_text("2.5", "t", "g")->to_string(), "2500000");
  // 7 pc = 0.58333… dozen: dozens have 0 decimals.
  EXPECT_EQ(convert_text("7", "pc", "dozen", Rounding::half_even)->to_string(), "1");
  EXPECT_EQ(convert_text("5", "pc", "dozen", Rounding::half_even)->to_string(), "0");
  EXPECT_EQ(convert_text("5", "pc", "dozen", Rounding::up)->to_string(), "1");
  EXPECT_EQ(convert_text("18", "pc", "dozen", Rounding::half_even)->to_string(), "2");
  EXPECT_EQ(convert_text("18", "pc", "dozen", Rounding::half_down)->to_string(), "1");
  EXPECT_EQ(convert_text("-18", "pc", "dozen", Rounding::floor)->to_string(), "-2");
  // 1 mm = 0.1 cm exactly; 0.35 cm → 4 mm half_up, 3 mm half_down? 3.5 mm.
  EXPECT_EQ(convert_text("0.35", "cm", "mm", Rounding::half_up)->to_string(), "4");
  EXPECT_EQ(convert_text("0.35", "cm", "mm", Rounding::half_down)->to_string(), "3");
  EXPECT_EQ(convert_text("36", "h", "day")->to_string(), "1.5");
}

TEST_P(CatalogUomTest, convert_refuses_other_categories_and_unknown_units) {
  EXPECT_EQ(error_of(convert_text("1", "kg", "m")), "uom_category_mismatch");
  const UomId kg = unit("kg").id;
  auto missing = run([&](db::Tx& tx, const Context& c) {
    return convert(tx, c.company_id, Quantity::parse("1").value(), kg, UomId{999999},
                   Rounding::half_even);
  });
  EXPECT_EQ(error_of(missing), "uom_not_found");
  // Another company's unit is not found either.
  auto foreign = run(
      [&](db::Tx& tx, const Context& c) {
        return convert(tx, c.company_id, Quantity::parse("1").value(), kg, kg,
                       Rounding::half_even);
      },
      m_other_company);
  EXPECT_EQ(error_of(foreign), "uom_not_found");
}

TEST_P(CatalogUomTest, a_custom_unit_converts_and_each_bad_draft_has_its_code) {
  auto box = make_uom("units", "box of 24", "24", 0);
  ASSERT_TRUE(box.ok()) << box.error().code();
  EXPECT_FALSE(box->reference);
  EXPECT_EQ(convert_text("2", "box of 24", "dozen")->to_string(), "4");
  const auto before = count("inventory_uoms");
  EXPECT_EQ(error_of(make_uom("colour", "x", "1", 0)), "uom_category_invalid");
  EXPECT_EQ(error_of(make_uom("units", "", "1", 0)), "uom_name_invalid");
  EXPECT_EQ(error_of(make_uom("units", "box of 24", "24", 0)), "uom_name_taken");
  EXPECT_EQ(error_of(make_uom("units", "kg", "1", 0)), "uom_name_taken");
  for (const char* factor : {"0", "-1", "abc", "1,5", "0.0000001", "1000000.5", "", "2e3"}) {
    EXPECT_EQ(error_of(make_uom("units", "bad", factor, 0)), "uom_factor_invalid") << factor;
  }
  EXPECT_TRUE(make_uom("weight", "big", "1000000", 0).ok());
  EXPECT_EQ(error_of(make_uom("units", "bad", "2", 7)), "uom_decimals_invalid");
  EXPECT_EQ(error_of(make_uom("units", "bad", "2", -1)), "uom_decimals_invalid");
  EXPECT_EQ(count("inventory_uoms"), before + 1);
}

TEST_P(CatalogUomTest, the_largest_factor_and_quantity_do_not_overflow) {
  ASSERT_TRUE(make_uom("weight", "Mt", "1000000", 0).ok());
  ASSERT_TRUE(make_uom("weight", "ug", "0.000001", 0).ok());
  auto huge = convert_text("999999999999", "Mt", "ug");
  EXPECT_EQ(error_of(huge), "quantity_out_of_range");
  EXPECT_EQ(convert_text("0.000001", "Mt", "g")->to_string(), "1000");
}

class CatalogCategoryTest : public test::CatalogTest {
 protected:
  Result<Category> make(CategoryDraft draft, CompanyId company = {}) {
    return run([&](db::Tx& tx, const Context& c) { return create_category(tx, c, draft); },
               company);
  }
  accounting::AccountId account(std::string_view role, CompanyId company = {}) {
    auto found = run(
        [&](db::Tx& tx, const Context& c) {
          return accounting::find_account_by_role(tx, c.company_id, role);
        },
        company);
    EXPECT_TRUE(found.ok());
    return found.ok() ? found->id : accounting::AccountId{};
  }
};

TEST_P(CatalogCategoryTest, all_is_created_once_and_categories_carry_method_and_accounts) {
  auto all = run([](db::Tx& tx, const Context& c) { return default_category(tx, c); });
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->name, "All");
  EXPECT_EQ(all->cost_method, CostMethod::fifo);
  auto again = run([](db::Tx& tx, const Context& c) { return default_category(tx, c); });
  EXPECT_EQ(again->id, all->id);
  CategoryDraft draft;
  draft.name = "Electronics";
  draft.parent_id = all->id;
  draft.cost_method = "average";
  draft.inventory_account_id = account(accounting::role::kInventory);
  draft.cost_of_goods_account_id = account(accounting::role::kCostOfGoods);
  auto electronics = make(draft);
  ASSERT_TRUE(electronics.ok()) << electronics.error().code();
  EXPECT_EQ(electronics->cost_method, CostMethod::average);
  EXPECT_EQ(electronics->inventory_account_id, draft.inventory_account_id);
  auto listed = run([](db::Tx& tx, const Context& c) { return list_categories(tx, c.company_id); });
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->at(0).name, "All");
  EXPECT_EQ(listed->at(1).name, "Electronics");
  auto audit_rows = database().read([](db::Tx& tx) {
    return tx.query("SELECT action FROM audit_log WHERE entity = 'inventory.category'");
  });
  EXPECT_EQ(audit_rows->size(), 1u);
}

TEST_P(CatalogCategoryTest, each_bad_category_has_its_code_and_writes_nothing) {
  CategoryDraft good;
  good.name = "Tools";
  ASSERT_TRUE(make(good).ok());
  const auto before = count("inventory_categories");
  CategoryDraft draft = good;
  EXPECT_EQ(error_of(make(draft)), "category_name_taken");
  draft.name = "";
  EXPECT_EQ(error_of(make(draft)), "category_name_required");
  draft.name = "X";
  draft.cost_method = "lifo";
  EXPECT_EQ(error_of(make(draft)), "cost_method_invalid");
  draft.cost_method = "fifo";
  draft.parent_id = CategoryId{999999};
  EXPECT_EQ(error_of(make(draft)), "category_not_found");
  draft.parent_id.reset();
  draft.inventory_account_id = account(accounting::role::kInventory, m_other_company);
  EXPECT_EQ(error_of(make(draft)), "account_not_found");
  EXPECT_EQ(count("inventory_categories"), before);
  // A chain of 8 levels is the deepest.
  std::optional<CategoryId> parent;
  for (int level = 1; level <= 8; ++level) {
    CategoryDraft child;
    child.name = "Level " + std::to_string(level);
    child.parent_id = parent;
    auto made = make(child);
    ASSERT_TRUE(made.ok()) << level << made.error().code();
    parent = made->id;
  }
  CategoryDraft too_deep;
  too_deep.name = "Level 9";
  too_deep.parent_id = parent;
  EXPECT_EQ(error_of(make(too_deep)), "category_depth_exceeded");
}

TEST_P(CatalogCategoryTest, an_archived_account_is_refused) {
  const auto inventory = account(accounting::role::kInventory);
  // Through accounting's API: inventory never writes accounting's tables, not even in tests.
  auto archived = run([&](db::Tx& tx, const Context& context) {
    return accounting::archive_account(tx, context, inventory);
  });
  ASSERT_TRUE(archived.ok());
  CategoryDraft draft;
  draft.name = "Old";
  draft.inventory_account_id = inventory;
  EXPECT_EQ(error_of(make(draft)), "account_archived");
}

KEEL_INSTANTIATE_ENGINES(CatalogUomTest);
KEEL_INSTANTIATE_ENGINES(CatalogCategoryTest);

}  // namespace
}  // namespace keel::inventory
