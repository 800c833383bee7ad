// Catalog demo data: one category per cost method and about ten products in the five
// languages, among them a T-shirt template with size × colour variants, a lot-tracked and a
// serial-tracked product, a service and a consumable, with EAN-13 barcodes.
#include "catalog_store.h"

namespace keel::inventory::detail {
namespace {

using Names = std::map<std::string, std::string>;

struct DemoProduct {
  const char* sku;
  const char* barcode;
  Names names;
  const char* type;
  const char* tracking;
  const char* category;  // "" for All
  const char* uom;
  const char* list_price;
  const char* standard_cost;
};

// Stockable untracked products first: the stock demo receives and transfers the first one.
const std::vector<DemoProduct>& demo_products() {
  static const std::vector<DemoProduct> products = {
      {"MUG-CER-01", "4006381333931",
       {{"en", "Ceramic mug"}, {"fa", "لیوان سرامیکی"}, {"he", "ספל קרמיקה"}, {"zh", "陶瓷杯"},
        {"lt", "Keraminis puodelis"}},
       "stockable", "none", "", "pc", "12.50", "4.20"},
      {"NOTE-A5", "8712345000011",
       {{"en", "A5 notebook, dotted"}, {"fa", "دفترچه A5 نقطه‌دار"}, {"he", "מחברת A5 מנוקדת"},
        {"zh", "A5 点阵笔记本"}, {"lt", "A5 užrašų knygelė taškais"}},
       "stockable", "none", "", "pc", "6.90", "2.10"},
      {"MOUSE-WL", "8712345000028",
       {{"en", "Wireless mouse"}, {"fa", "ماوس بی‌سیم"}, {"he", "עכבר אלחוטי"}, {"zh", "无线鼠标"},
        {"lt", "Belaidė pelė"}},
       "stockable", "none", "Electronics", "pc", "24.00", "11.50"},
      {"LAMP-DESK", "8712345000035",
       {{"en", "LED desk lamp"}, {"fa", "چراغ مطالعه LED"}, {"he", "מנורת שולחן LED"},
        {"zh", "LED 台灯"}, {"lt", "LED stalinė lempa"}},
       "stockable", "none", "Electronics", "pc", "39.90", "17.00"},
      {"CHARGER-65W", "8712345000042",
       {{"en", "USB-C charger 65 W"}, {"fa", "شارژر USB-C ۶۵ وات"}, {"he", "מטען USB-C 65 וואט"},
        {"zh", "65W USB-C 充电器"}, {"lt", "USB-C įkroviklis 65 W"}},
       "stockable", "serial", "Electronics", "pc", "49.00", "21.00"},
      {"COFFEE-BEANS", "8712345000059",
       {{"en", "Espresso beans"}, {"fa", "دانه قهوه اسپرسو"}, {"he", "פולי אספרסו"},
        {"zh", "意式浓缩咖啡豆"}, {"lt", "Espreso kavos pupelės"}},
       "stockable", "lot", "Coffee", "kg", "28.00", "14.00"},
      {"TEA-GREEN", "8712345000066",
       {{"en", "Green tea, loose leaf"}, {"fa", "چای سبز فله"}, {"he", "תה ירוק בעלים"},
        {"zh", "散装绿茶"}, {"lt", "Birioji žalioji arbata"}},
       "stockable", "lot", "Coffee", "kg", "32.00", "15.00"},
      {"TAPE-PACK", "8712345000073",
       {{"en", "Packing tape"}, {"fa", "چسب بسته‌بندی"}, {"he", "סרט אריזה"}, {"zh", "封箱胶带"},
        {"lt", "Pakavimo juosta"}},
       "consumable", "none", "", "pc", "3.50", "1.20"},
      {"SRV-INSTALL", "",
       {{"en", "Installation service"}, {"fa", "خدمات نصب"}, {"he", "שירות התקנה"},
        {"zh", "安装服务"}, {"lt", "Montavimo paslauga"}},
       "service", "none", "", "h", "45.00", "0"},
  };
  return products;
}

Result<std::map<std::string, CategoryId>> demo_categories(db::Tx& tx, const Context& context) {
  std::map<std::string, CategoryId> ids;
  ids[""] = TRY(default_category(tx, context)).id;
  for (const auto& [name, method] : {std::pair{"Electronics", "fifo"},
                                     std::pair{"Apparel", "average"},
                                     std::pair{"Coffee", "standard"}}) {
    CategoryDraft draft;
    draft.name = name;
    draft.cost_method = method;
    ids[name] = TRY(create_category(tx, context, draft)).id;
  }
  return ids;
}

// The first sales tax of the company, when it has one.
Result<std::vector<std::string>> demo_taxes(db::Tx& tx, const Context& context) {
  for (const auto& tax : TRY(accounting::list_taxes(tx, context))) {
    if (tax.scope == "sales") return std::vector<std::string>{tax.name};
  }
  return std::vector<std::string>{};
}

}  // namespace

Result<void> seed_catalog_demo(db::Tx& tx, const Context& context, Date) {
  const auto categories = TRY(demo_categories(tx, context));
  const auto taxes = TRY(demo_taxes(tx, context));
  for (const auto& demo : demo_products()) {
    ProductDraft draft;
    draft.sku = demo.sku;
    draft.barcode = demo.barcode;
    draft.names = demo.names;
    draft.type = demo.type;
    draft.tracking = demo.tracking;
    draft.category_id = categories.at(demo.category);
    draft.uom_id = TRY(find_uom(tx, context.company_id, demo.uom)).id;
    draft.list_price = demo.list_price;
    draft.standard_cost = demo.standard_cost;
    draft.taxes = taxes;
    TRY(create_product(tx, context, draft));
  }
  ProductDraft shirt;
  shirt.sku = "TSHIRT";
  shirt.names = {{"en", "Organic cotton T-shirt"}, {"fa", "تی‌شرت نخی ارگانیک"},
                 {"he", "חולצת טי מכותנה אורגנית"}, {"zh", "有机棉 T 恤"},
                 {"lt", "Ekologiškos medvilnės marškinėliai"}};
  shirt.category_id = categories.at("Apparel");
  shirt.list_price = "19.00";
  shirt.standard_cost = "7.50";
  shirt.taxes = taxes;
  shirt.attributes = {{"size", {"S", "M", "L", "XL"}}, {"colour", {"white", "black", "navy"}}};
  shirt.price_extras = {{"size:XL", "2.00"}, {"colour:navy", "1.00"}};
  TRY(create_product(tx, context, shirt));
  return Ok{};
}

}  // namespace keel::inventory::detail
