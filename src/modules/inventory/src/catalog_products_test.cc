// Products, templates and variants through the services, on both engines: creation with every
// field, variants and their SKUs and prices, lookup by code, lists, PATCH with versions,
// archiving, what the stock part reads, and every error code of creation.
#include "catalog_test_support.h"

namespace keel::inventory {
namespace {

class CatalogProductTest : public test::CatalogTest {
 protected:
  static ProductDraft tshirt() {
    ProductDraft draft = test::CatalogTest::draft("TSHIRT", "T-shirt");
    draft.list_price = "15.00";
    draft.attributes = {{"size", {"S", "M", "L"}}, {"colour", {"red", "light blue"}}};
    draft.price_extras = {{"size:L", "2.00"}, {"colour:light blue", "0.50"}};
    return draft;
  }
  Result<Product> patch(ProductId id, ProductPatch patch) {
    return run([&](db::Tx& tx, const Context& c) { return update_product(tx, c, id, patch); });
  }
  Product reload(ProductId id) {
    auto product =
        run([&](db::Tx& tx, const Context& c) { return get_product(tx, c.company_id, id); });
    EXPECT_TRUE(product.ok());
    return product.ok() ? *product : Product{};
  }
};

TEST_P(CatalogProductTest, a_product_keeps_every_field_and_is_found_by_sku_and_barcode) {
  ProductDraft draft = test::CatalogTest::draft("MUG-CER-01");
  draft.barcode = "4006381333931";
  draft.names = {{"en", "Ceramic mug"}, {"fa", "لیوان سرامیکی"}, {"zh", "陶瓷杯"}};
  draft.taxes = {"VAT 19%"};
  const Product mug = made(draft);
  EXPECT_EQ(mug.sku, "MUG-CER-01");
  EXPECT_EQ(mug.barcode, "4006381333931");
  EXPECT_EQ(mug.names.at("fa"), "لیوان سرامیکی");
  EXPECT_EQ(mug.display_name(), "Ceramic mug");
  EXPECT_EQ(mug.type, ProductType::stockable);
  EXPECT_EQ(mug.tracking, Tracking::none);
  EXPECT_EQ(mug.cost_method, CostMethod::fifo);
  EXPECT_EQ(mug.list_price, "12.50");
  EXPECT_EQ(mug.standard_cost, "4.20");
  EXPECT_EQ(mug.price_extra, "0.00");
  EXPECT_EQ(mug.currency, "EUR");
  EXPECT_EQ(mug.taxes, std::vector<std::string>{"VAT 19%"});
  EXPECT_EQ(mug.version, 1);
  EXPECT_FALSE(mug.is_template);
  auto by_sku = run([](db::Tx& tx, const Context& c) {
    return find_product_by_code(tx, c.company_id, "MUG-CER-01");
  });
  EXPECT_EQ(by_sku->id, mug.id);
  auto by_barcode = run([](db::Tx& tx, const Context& c) {
    return find_product_by_code(tx, c.company_id, "4006381333931");
  });
  EXPECT_EQ(by_barcode->id, mug.id);
  auto other = run(
      [](db::Tx& tx, const Context& c) {
        return find_product_by_code(tx, c.company_id, "MUG-CER-01");
      },
      m_other_company);
  EXPECT_EQ(error_of(other), "product_not_found");
  auto foreign_get = run(
      [&](db::Tx& tx, const Context& c) { return get_product(tx, c.company_id, mug.id); },
      m_other_company);
  EXPECT_EQ(error_of(foreign_get), "product_not_found");
  // The same SKU in another company is another product.
  EXPECT_TRUE(create(test::CatalogTest::draft("MUG-CER-01"), m_other_company).ok());
  auto audit_rows = database().read([](db::Tx& tx) {
    return tx.query("SELECT action FROM audit_log WHERE entity = 'inventory.product'");
  });
  EXPECT_EQ(audit_rows->size(), 2u);
}

TEST_P(CatalogProductTest, what_the_stock_part_reads_of_a_product) {
  CategoryDraft standard;
  standard.name = "Standard";
  standard.cost_method = "standard";
  auto category = run([&](db::Tx& tx, const Context& c) {
    return create_category(tx, c, standard);
  });
  ASSERT_TRUE(category.ok());
  ProductDraft draft = test::CatalogTest::draft("FLOUR");
  draft.category_id = category->id;
  auto kg = run([](db::Tx& tx, const Context& c) { return find_uom(tx, c.company_id, "kg"); });
  draft.uom_id = kg->id;
  draft.tracking = "lot";
  const Product flour = made(draft);
  auto stock = run([&](db::Tx& tx, const Context& c) {
    return detail::stock_product(tx, c.company_id, flour.id);
  });
  ASSERT_TRUE(stock.ok());
  EXPECT_EQ(stock->type, ProductType::stockable);
  EXPECT_EQ(stock->tracking, Tracking::lot);
  EXPECT_EQ(stock->cost_method, CostMethod::standard);
  EXPECT_EQ(stock->uom_decimals, 3);
  EXPECT_EQ(stock->standard_cost->to_string(), "4.20");
  EXPECT_FALSE(stock->is_template);
  EXPECT_FALSE(stock->inventory_account_id.has_value());
  auto foreign = run(
      [&](db::Tx& tx, const Context& c) {
        return detail::stock_product(tx, c.company_id, flour.id);
      },
      m_other_company);
  EXPECT_EQ(error_of(foreign), "product_not_found");
}

TEST_P(CatalogProductTest, attributes_make_a_template_with_one_variant_per_combination) {
  const Product shirt = made(tshirt());
  EXPECT_TRUE(shirt.is_template);
  EXPECT_EQ(shirt.variant_count, 6);
  ASSERT_EQ(shirt.attribute_lines.size(), 2u);
  EXPECT_EQ(shirt.attribute_lines[0].values[2].price_extra, "2.00");
  auto variants =
      run([&](db::Tx& tx, const Context& c) { return list_variants(tx, c.company_id, shirt.id); });
  ASSERT_TRUE(variants.ok());
  ASSERT_EQ(variants->size(), 6u);
  std::vector<std::string> skus;
  for (const auto& v : *variants) skus.push_back(v.sku);
  EXPECT_EQ(skus, (std::vector<std::string>{"TSHIRT-S-RED", "TSHIRT-S-LIGHT-BLUE",
                                            "TSHIRT-M-RED", "TSHIRT-M-LIGHT-BLUE",
                                            "TSHIRT-L-RED", "TSHIRT-L-LIGHT-BLUE"}));
  const Product& large_blue = variants->back();
  EXPECT_EQ(large_blue.template_id, shirt.id);
  EXPECT_EQ(large_blue.price_extra, "2.50");
  EXPECT_EQ(large_blue.list_price, "17.50");
  EXPECT_EQ(variants->front().list_price, "15.00");
  EXPECT_EQ(large_blue.attributes.at("size"), "L");
  EXPECT_EQ(large_blue.attributes.at("colour"), "light blue");
  EXPECT_EQ(large_blue.names.at("en"), "T-shirt (L, light blue)");
  auto stock = run([&](db::Tx& tx, const Context& c) {
    return detail::stock_product(tx, c.company_id, shirt.id);
  });
  EXPECT_TRUE(stock->is_template);
  // Lists: templates and plain products by default, variants on request.
  made(test::CatalogTest::draft("PLAIN"));
  const auto list = [&](VariantFilter filter) {
    ProductQuery query;
    query.variants = filter;
    auto page = run([&](db::Tx& tx, const Context& c) { return list_products(tx, c.company_id, query); });
    return page.ok() ? page->items.size() : 0u;
  };
  EXPECT_EQ(list(VariantFilter::exclude), 2u);
  EXPECT_EQ(list(VariantFilter::include), 8u);
  EXPECT_EQ(list(VariantFilter::only), 6u);
}

TEST_P(CatalogProductTest, bad_variants_have_their_codes_and_write_nothing) {
  ProductDraft draft = tshirt();
  draft.attributes = {{"size", {"S", "S"}}};
  draft.price_extras.clear();
  EXPECT_EQ(error_of(create(draft)), "attribute_invalid");
  draft.attributes = {{"size", {}}};
  EXPECT_EQ(error_of(create(draft)), "attribute_invalid");
  draft.attributes = {{"a:b", {"x"}}};
  EXPECT_EQ(error_of(create(draft)), "attribute_invalid");
  draft.attributes = {{"size", {"x"}}, {"size", {"y"}}};
  EXPECT_EQ(error_of(create(draft)), "attribute_invalid");
  // "S M" and "S-M" would both be TSHIRT-S-M.
  draft.attributes = {{"size", {"S M", "S-M"}}};
  EXPECT_EQ(error_of(create(draft)), "attribute_invalid");
  std::vector<std::string> fifteen;
  for (int i = 0; i < 15; ++i) fifteen.push_back("v" + std::to_string(i));
  draft.attributes = {{"a", fifteen}, {"b", fifteen}};  // 225 variants
  EXPECT_EQ(error_of(create(draft)), "variants_too_many");
  draft.attributes = {{"size", {"S", "M"}}};
  draft.price_extras = {{"size:XL", "1.00"}};
  EXPECT_EQ(error_of(create(draft)), "price_extra_invalid");
  draft.price_extras = {{"size:M", "-1"}};
  EXPECT_EQ(error_of(create(draft)), "price_extra_invalid");
  ProductDraft plain = test::CatalogTest::draft("PLAIN");
  plain.price_extras = {{"size:M", "1"}};
  EXPECT_EQ(error_of(create(plain)), "price_extra_invalid");
  // A variant SKU that another product already has.
  made(test::CatalogTest::draft("SHIRT-S"));
  ProductDraft clash = test::CatalogTest::draft("SHIRT");
  clash.attributes = {{"size", {"S", "M"}}};
  EXPECT_EQ(error_of(create(clash)), "sku_taken");
  EXPECT_EQ(count("inventory_products"), 1);
  EXPECT_EQ(count("inventory_attribute_values"), 0);
}

TEST_P(CatalogProductTest, each_bad_product_has_its_code_and_writes_nothing) {
  made(test::CatalogTest::draft("TAKEN"));
  ProductDraft with_barcode = test::CatalogTest::draft("WITH-CODE");
  with_barcode.barcode = "036000291452";  // a valid UPC-A
  made(with_barcode);
  const auto before = count("inventory_products");
  const auto refused = [&](auto change) {
    ProductDraft draft = test::CatalogTest::draft("NEW-1");
    change(draft);
    return error_of(create(draft));
  };
  EXPECT_EQ(refused([](ProductDraft& d) { d.type = "gadget"; }), "product_type_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.tracking = "batch"; }), "product_tracking_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) {
              d.type = "service";
              d.tracking = "serial";
            }),
            "product_tracking_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.sku = "has space"; }), "sku_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.sku = ""; }), "sku_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.sku = std::string(65, 'A'); }), "sku_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.sku = "TAKEN"; }), "sku_taken");
  EXPECT_EQ(refused([](ProductDraft& d) { d.barcode = "has space"; }), "barcode_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.barcode = "4006381333932"; }),
            "barcode_check_digit_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.barcode = "036000291453"; }),
            "barcode_check_digit_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.barcode = "036000291452"; }), "barcode_taken");
  EXPECT_EQ(refused([](ProductDraft& d) { d.names.clear(); }), "product_name_required");
  EXPECT_EQ(refused([](ProductDraft& d) { d.names = {{"en", ""}}; }), "product_name_required");
  EXPECT_EQ(refused([](ProductDraft& d) { d.names = {{"de", "Becher"}}; }),
            "product_name_language_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.names = {{"en", std::string(301, 'x')}}; }),
            "product_name_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.list_price = "-1"; }), "product_price_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.list_price = "1,50"; }), "product_price_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.standard_cost = "0.0000001"; }),
            "product_cost_invalid");
  EXPECT_EQ(refused([](ProductDraft& d) { d.category_id = CategoryId{999999}; }),
            "category_not_found");
  EXPECT_EQ(refused([](ProductDraft& d) { d.uom_id = UomId{999999}; }), "uom_not_found");
  EXPECT_EQ(refused([](ProductDraft& d) { d.taxes = {"No such tax"}; }), "tax_not_found");
  EXPECT_EQ(refused([](ProductDraft& d) { d.taxes = {"Input VAT 19%"}; }),
            "tax_scope_mismatch");
  EXPECT_EQ(refused([](ProductDraft& d) { d.taxes = std::vector<std::string>(11, "VAT 19%"); }),
            "product_taxes_too_many");
  EXPECT_EQ(count("inventory_products"), before);
  // Other barcodes are any code text; a tax by id works as by name.
  ProductDraft free_code = test::CatalogTest::draft("FREE-CODE");
  free_code.barcode = "X-12/ab";
  auto taxes = run([](db::Tx& tx, const Context& c) { return accounting::list_taxes(tx, c); });
  for (const auto& tax : *taxes) {
    if (tax.scope == "sales") free_code.taxes = {std::to_string(tax.id.value())};
  }
  EXPECT_EQ(made(free_code).taxes, std::vector<std::string>{"VAT 19%"});
}

TEST_P(CatalogProductTest, patch_checks_the_version_and_changes_only_what_it_names) {
  const Product mug = made(test::CatalogTest::draft("MUG"));
  ProductPatch change;
  change.version = mug.version;
  change.list_price = "13.00";
  change.barcode = "4006381333931";
  change.names = std::map<std::string, std::string>{{"en", "Big mug"}, {"lt", "Didelis puodelis"}};
  auto changed = patch(mug.id, change);
  ASSERT_TRUE(changed.ok()) << changed.error().code();
  EXPECT_EQ(changed->version, 2);
  EXPECT_EQ(changed->list_price, "13.00");
  EXPECT_EQ(changed->standard_cost, "4.20");
  EXPECT_EQ(changed->barcode, "4006381333931");
  EXPECT_EQ(changed->names.size(), 2u);
  EXPECT_EQ(error_of(patch(mug.id, change)), "version_conflict");
  ProductPatch clear;
  clear.version = 2;
  clear.barcode = "";
  EXPECT_EQ(patch(mug.id, clear)->barcode, "");
  ProductPatch bad;
  bad.version = 3;
  bad.sku = "bad sku";
  EXPECT_EQ(error_of(patch(mug.id, bad)), "sku_invalid");
  bad.sku.reset();
  bad.price_extra = "1";
  EXPECT_EQ(error_of(patch(mug.id, bad)), "price_extra_invalid");
  EXPECT_EQ(reload(mug.id).version, 3);
  EXPECT_EQ(error_of(patch(ProductId{999999}, clear)), "product_not_found");
  auto audit_rows = database().read([](db::Tx& tx) {
    return tx.query("SELECT action FROM audit_log WHERE entity = 'inventory.product' "
                    "AND action = 'update'");
  });
  EXPECT_EQ(audit_rows->size(), 2u);
}

TEST_P(CatalogProductTest, a_template_change_carries_over_to_its_variants) {
  const Product shirt = made(tshirt());
  ProductPatch change;
  change.version = shirt.version;
  change.list_price = "20.00";
  change.names = std::map<std::string, std::string>{{"en", "Tee"}, {"he", "חולצה"}};
  change.taxes = std::vector<std::string>{"VAT 19%"};
  ASSERT_TRUE(patch(shirt.id, change).ok());
  auto variants =
      run([&](db::Tx& tx, const Context& c) { return list_variants(tx, c.company_id, shirt.id); });
  const Product& large_blue = variants->back();
  EXPECT_EQ(large_blue.list_price, "22.50");
  EXPECT_EQ(large_blue.names.at("he"), "חולצה (L, light blue)");
  EXPECT_EQ(large_blue.taxes, std::vector<std::string>{"VAT 19%"});
  // A variant: its own SKU, barcode and extra; never its own list price.
  ProductPatch own;
  own.version = large_blue.version;
  own.sku = "TEE-L-BLUE";
  own.barcode = "5901234123457";
  own.price_extra = "3.00";
  auto variant = patch(large_blue.id, own);
  ASSERT_TRUE(variant.ok()) << variant.error().code();
  EXPECT_EQ(variant->list_price, "23.00");
  EXPECT_EQ(variant->sku, "TEE-L-BLUE");
  auto scanned = run([](db::Tx& tx, const Context& c) {
    return find_product_by_code(tx, c.company_id, "5901234123457");
  });
  EXPECT_EQ(scanned->id, large_blue.id);
  ProductPatch price;
  price.version = variant->version;
  price.list_price = "1.00";
  EXPECT_EQ(error_of(patch(large_blue.id, price)), "product_price_invalid");
}

TEST_P(CatalogProductTest, archiving_a_template_archives_its_variants_and_lists_leave_them_out) {
  const Product shirt = made(tshirt());
  auto archived =
      run([&](db::Tx& tx, const Context& c) { return archive_product(tx, c, shirt.id); });
  ASSERT_TRUE(archived.ok());
  EXPECT_TRUE(archived->archived);
  ProductQuery query;
  query.variants = VariantFilter::include;
  auto page = run([&](db::Tx& tx, const Context& c) { return list_products(tx, c.company_id, query); });
  EXPECT_TRUE(page->items.empty());
  query.archived = ArchivedFilter::only;
  page = run([&](db::Tx& tx, const Context& c) { return list_products(tx, c.company_id, query); });
  EXPECT_EQ(page->items.size(), 7u);
  // Archiving again changes nothing and writes no audit row.
  const auto audits = count("audit_log");
  ASSERT_TRUE(run([&](db::Tx& tx, const Context& c) { return archive_product(tx, c, shirt.id); }).ok());
  EXPECT_EQ(count("audit_log"), audits);
  auto back =
      run([&](db::Tx& tx, const Context& c) { return unarchive_product(tx, c, shirt.id); });
  EXPECT_FALSE(back->archived);
  auto missing = run(
      [&](db::Tx& tx, const Context& c) { return archive_product(tx, c, shirt.id); },
      m_other_company);
  EXPECT_EQ(error_of(missing), "product_not_found");
}

TEST_P(CatalogProductTest, lists_search_filter_and_page) {
  for (int i = 0; i < 5; ++i) {
    ProductDraft draft = test::CatalogTest::draft(("BOLT-" + std::to_string(i)).c_str(), "Bolt");
    if (i == 4) draft.type = "consumable";
    made(draft);
  }
  ProductDraft nut = test::CatalogTest::draft("NUT-1", "Hex Nut");
  nut.barcode = "NUT_100%";
  made(nut);
  const auto ids = [&](ProductQuery query) {
    std::vector<std::string> out;
    auto page = run([&](db::Tx& tx, const Context& c) { return list_products(tx, c.company_id, query); });
    EXPECT_TRUE(page.ok());
    if (page.ok()) for (const auto& p : page->items) out.push_back(p.sku);
    return out;
  };
  ProductQuery query;
  query.search = "hex";
  EXPECT_EQ(ids(query), std::vector<std::string>{"NUT-1"});
  query.search = "_100%";  // LIKE wildcards are literal
  EXPECT_EQ(ids(query), std::vector<std::string>{"NUT-1"});
  query.search = "bolt-3";
  EXPECT_EQ(ids(query), std::vector<std::string>{"BOLT-3"});
  query.search = "";
  query.type = ProductType::consumable;
  EXPECT_EQ(ids(query), std::vector<std::string>{"BOLT-4"});
  query.type.reset();
  query.limit = 2;
  auto first = run([&](db::Tx& tx, const Context& c) { return list_products(tx, c.company_id, query); });
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->next_cursor.has_value());
  query.after_id = *first->next_cursor;
  query.limit = 10;
  auto rest = run([&](db::Tx& tx, const Context& c) { return list_products(tx, c.company_id, query); });
  EXPECT_EQ(rest->items.size(), 4u);
  EXPECT_FALSE(rest->next_cursor.has_value());
  EXPECT_EQ(rest->items.front().sku, "BOLT-2");
}

TEST_P(CatalogProductTest, the_demo_catalog_is_complete) {
  auto seeded = run([&](db::Tx& tx, const Context& c) {
    return detail::seed_catalog_demo(tx, c, test::day("2026-03-01"));
  });
  ASSERT_TRUE(seeded.ok()) << seeded.error().code() << ": " << seeded.error().message();
  // Nine products, a T-shirt template and its 4 × 3 variants; All and one per cost method.
  EXPECT_EQ(count("inventory_products"), 22);
  EXPECT_EQ(count("inventory_categories"), 4);
  auto charger = run([](db::Tx& tx, const Context& c) {
    return find_product_by_code(tx, c.company_id, "8712345000042");
  });
  ASSERT_TRUE(charger.ok());
  EXPECT_EQ(charger->tracking, Tracking::serial);
  EXPECT_EQ(charger->names.size(), 5u);
  auto navy = run([](db::Tx& tx, const Context& c) {
    return find_product_by_code(tx, c.company_id, "TSHIRT-XL-NAVY");
  });
  ASSERT_TRUE(navy.ok());
  EXPECT_EQ(navy->list_price, "22.00");
}

KEEL_INSTANTIATE_ENGINES(CatalogProductTest);

}  // namespace
}  // namespace keel::inventory
