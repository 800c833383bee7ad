// Demo parties: Iranian, Israeli, Chinese, Lithuanian and English-speaking organizations and
// people, some as contacts of organizations, some spelled with Arabic ي/ك as people often
// type them on Arabic keyboards (search must find them either way).
#include "keel/core/assert.h"
#include "partners_domain.h"
#include "partners_service.h"

namespace keel::partners {
namespace {

struct DemoParty {
  const char* kind;
  const char* name;
  const char* roles;  // ';'-separated, like the CSV
  const char* emails;
  const char* phones;
  const char* tax_id;
  const char* currency;
  const char* language;
  const char* country;
  const char* city;
  const char* street;
  const char* postal_code;
  const char* tags;
  int parent;  // index of the organization in kDemo, or -1
};

// clang-format off
constexpr DemoParty kDemo[] = {
  // Iran
  {"organization", "شرکت بازرگانی پارس تجارت", "customer", "info@parstejarat.ir", "+98 21 8876 5432", "10101234567", "IRR", "fa", "IR", "تهران", "خیابان ولیعصر، پلاک ۱۲۳۴", "1966713111", "عمده‌فروش;vip", -1},
  {"person", "محمد رضایی", "customer;employee_contact", "m.rezaei@parstejarat.ir", "+98 912 345 6789", "", "IRR", "fa", "IR", "تهران", "", "", "", 0},
  {"person", "فاطمه كريمي", "employee_contact", "f.karimi@parstejarat.ir", "+98 912 111 2233", "", "IRR", "fa", "IR", "تهران", "", "", "", 0},
  {"organization", "صنایع فولاد اصفهان", "supplier", "sales@esfahansteel.ir", "+98 31 3456 7890", "10260012345", "IRR", "fa", "IR", "اصفهان", "بلوار کشاورز، کوچه ۱۴", "8174673441", "فولاد;مواد اولیه", -1},
  {"person", "علی حسینی", "employee_contact", "a.hosseini@esfahansteel.ir", "+98 913 222 3344", "", "IRR", "fa", "IR", "اصفهان", "", "", "", 3},
  {"organization", "پخش دارویی کاسپین", "customer;prospect", "contact@caspianpharma.ir", "+98 11 3322 1100", "10860045678", "IRR", "fa", "IR", "ساری", "خیابان فرهنگ، ساختمان نگین", "4816613911", "دارو", -1},
  {"person", "زهرا محمدی", "customer", "zahra.mohammadi@example.ir", "+98 935 765 4321", "", "IRR", "fa", "IR", "شیراز", "خیابان زند، کوچه ۸", "7134845794", "خرده‌فروش", -1},
  {"person", "كامران يزدي", "prospect", "kamran.yazdi@example.ir", "+98 917 555 0101", "", "IRR", "fa", "IR", "یزد", "میدان امیرچخماق", "8915813135", "", -1},
  {"organization", "فرش دستباف تبریز", "supplier;customer", "export@tabrizcarpet.ir", "+98 41 3555 6677", "14003456789", "IRR", "fa", "IR", "تبریز", "بازار بزرگ، راسته فرش‌فروشان", "5137745111", "فرش;صادرات", -1},
  {"person", "مريم احمدي", "employee_contact", "maryam@tabrizcarpet.ir", "+98 914 333 4455", "", "IRR", "fa", "IR", "تبریز", "", "", "", 8},
  {"organization", "نرم‌افزار آرمان", "prospect", "hello@arman-soft.ir", "+98 21 2290 1234", "10320098765", "IRR", "fa", "IR", "تهران", "خیابان شریعتی، پلاک ۵۶", "1913853556", "فناوری", -1},
  // Israel
  {"organization", "אלון תעשיות בע\"מ", "supplier", "office@alon-ind.co.il", "+972 3 555 1234", "514123456", "ILS", "he", "IL", "תל אביב", "רחוב הרצל 45", "6578203", "תעשייה", -1},
  {"person", "דוד כהן", "employee_contact", "david.cohen@alon-ind.co.il", "+972 52 123 4567", "", "ILS", "he", "IL", "תל אביב", "", "", "", 11},
  {"person", "שָׂרָה לֵוִי", "customer", "sarah.levi@example.co.il", "+972 54 765 4321", "", "ILS", "he", "IL", "ירושלים", "רחוב יפו 120", "9434202", "לקוח קבוע", -1},
  {"organization", "מזון הגליל בע\"מ", "customer", "orders@galil-food.co.il", "+972 4 690 1122", "513987654", "ILS", "he", "IL", "חיפה", "שדרות הנשיא 88", "3460301", "מזון;vip", -1},
  {"person", "יוסי מזרחי", "employee_contact", "yossi@galil-food.co.il", "+972 50 222 3344", "", "ILS", "he", "IL", "חיפה", "", "", "", 14},
  {"organization", "טכנולוגיות נגב", "prospect", "info@negev-tech.co.il", "+972 8 628 4455", "515246810", "USD", "he", "IL", "באר שבע", "רחוב רגר 20", "8410501", "טכנולוגיה", -1},
  {"person", "רחל אברהם", "customer", "rachel.a@example.co.il", "+972 53 987 6543", "", "ILS", "he", "IL", "נתניה", "רחוב ויצמן 7", "4220107", "", -1},
  // China
  {"organization", "上海华东贸易有限公司", "supplier", "sales@huadong-trade.cn", "+86 21 6234 5678", "91310000MA1FL12345", "CNY", "zh", "CN", "上海", "浦东新区世纪大道100号", "200120", "电子;供应商", -1},
  {"person", "王伟", "employee_contact", "wang.wei@huadong-trade.cn", "+86 138 0013 8000", "", "CNY", "zh", "CN", "上海", "", "", "", 18},
  {"person", "李娜", "employee_contact", "li.na@huadong-trade.cn", "+86 139 1234 5678", "", "CNY", "zh", "CN", "上海", "", "", "", 18},
  {"organization", "深圳创新电子科技有限公司", "supplier;customer", "info@szcx-tech.cn", "+86 755 8888 6666", "91440300MA5DQ67890", "CNY", "zh", "CN", "深圳", "南山区科技园南路18号", "518057", "电子", -1},
  {"person", "张敏", "customer", "zhang.min@example.cn", "+86 186 6666 8888", "", "CNY", "zh", "CN", "北京", "朝阳区建国路88号", "100022", "零售", -1},
  {"organization", "杭州丝绸进出口公司", "supplier", "export@hzsilk.cn", "+86 571 8765 4321", "91330100MA2AB24680", "USD", "zh", "CN", "杭州", "西湖区凤起路55号", "310006", "纺织;出口", -1},
  {"person", "刘洋", "employee_contact", "liu.yang@hzsilk.cn", "+86 137 5555 1212", "", "CNY", "zh", "CN", "杭州", "", "", "", 23},
  {"person", "陈静", "prospect", "chen.jing@example.cn", "+86 135 2468 1357", "", "CNY", "zh", "CN", "广州", "天河区天河路208号", "510620", "", -1},
  // Lithuania
  {"organization", "UAB „Vilniaus prekyba“", "customer", "info@vilniausprekyba.lt", "+370 5 212 3456", "LT100001234567", "EUR", "lt", "LT", "Vilnius", "Gedimino pr. 9", "LT-01103", "didmena;vip", -1},
  {"person", "Jonas Jonaitis", "employee_contact", "jonas@vilniausprekyba.lt", "+370 612 34567", "", "EUR", "lt", "LT", "Vilnius", "", "", "", 26},
  {"person", "Ona Kazlauskienė", "customer", "ona.k@example.lt", "+370 698 76543", "", "EUR", "lt", "LT", "Kaunas", "Laisvės al. 53", "LT-44309", "", -1},
  {"organization", "AB „Šiaulių baldai“", "supplier", "pardavimai@siauliubaldai.lt", "+370 41 523 456", "LT200002345678", "EUR", "lt", "LT", "Šiauliai", "Tilžės g. 109", "LT-76349", "baldai", -1},
  {"person", "Žydrūnas Petrauskas", "employee_contact", "zydrunas@siauliubaldai.lt", "+370 655 11223", "", "EUR", "lt", "LT", "Šiauliai", "", "", "", 29},
  {"organization", "UAB „Klaipėdos uostas ir logistika“", "supplier;customer", "logistika@kul.lt", "+370 46 499 888", "LT300003456789", "EUR", "lt", "LT", "Klaipėda", "Nemuno g. 2", "LT-91199", "logistika", -1},
  {"person", "Rūta Vaitkutė", "prospect", "ruta.vaitkute@example.lt", "+370 677 88990", "", "EUR", "lt", "LT", "Panevėžys", "Respublikos g. 20", "LT-35185", "", -1},
  {"person", "Ąžuolas Čepaitis", "customer", "azuolas@example.lt", "+370 600 12121", "", "EUR", "lt", "LT", "Vilnius", "Pilies g. 4", "LT-01123", "lojalus", -1},
  // English-speaking
  {"organization", "Northwind Traders Ltd", "customer;supplier", "accounts@northwind.example.co.uk", "+44 20 7946 0958", "GB123456789", "GBP", "en", "GB", "London", "221 Baker Street", "NW1 6XE", "wholesale;vip", -1},
  {"person", "Emily Clarke", "employee_contact", "emily.clarke@northwind.example.co.uk", "+44 7700 900123", "", "GBP", "en", "GB", "London", "", "", "", 34},
  {"person", "James O'Brien", "employee_contact", "james.obrien@northwind.example.co.uk", "+44 7700 900456", "", "GBP", "en", "GB", "London", "", "", "", 34},
  {"organization", "Contoso Manufacturing Inc.", "supplier", "purchasing@contoso.example.com", "+1 206 555 0100", "91-1234567", "USD", "en", "US", "Seattle", "1 Microsoft Way", "98052", "manufacturing", -1},
  {"person", "Michael Johnson", "employee_contact", "m.johnson@contoso.example.com", "+1 206 555 0142", "", "USD", "en", "US", "Seattle", "", "", "", 37},
  {"organization", "Maple Leaf Distributors", "prospect", "hello@mapleleaf.example.ca", "+1 416 555 0199", "123456789RT0001", "CAD", "en", "CA", "Toronto", "100 King St W", "M5X 1A9", "distribution", -1},
  {"person", "Sarah Thompson", "customer", "sarah.t@example.com", "+1 312 555 0175", "", "USD", "en", "US", "Chicago", "233 S Wacker Dr", "60606", "retail", -1},
  {"organization", "Kangaroo Freight Pty Ltd", "supplier", "ops@kangaroofreight.example.com.au", "+61 2 9374 4000", "51 824 753 556", "AUD", "en", "AU", "Sydney", "1 Macquarie St", "2000", "logistics", -1},
  {"person", "Olivia Brown", "prospect", "olivia.brown@example.com", "+44 161 496 0000", "", "GBP", "en", "GB", "Manchester", "10 Piccadilly", "M1 1AA", "", -1},
  {"organization", "Dublin Analytics Ltd", "customer", "finance@dublinanalytics.example.ie", "+353 1 555 0123", "IE6388047V", "EUR", "en", "IE", "Dublin", "25 St Stephen's Green", "D02 XK21", "services", -1},
  {"person", "Liam Murphy", "employee_contact", "liam@dublinanalytics.example.ie", "+353 87 555 0199", "", "EUR", "en", "IE", "Dublin", "", "", "", 43},
  // Cross-border
  {"organization", "Persian Gulf Shipping FZE", "supplier;customer", "ops@pgshipping.example.ae", "+971 4 555 0101", "100234567800003", "AED", "en", "AE", "Dubai", "Jebel Ali Free Zone, Gate 5", "", "logistics;حمل‌ونقل", -1},
  {"person", "رضا كاظمي", "employee_contact", "reza.kazemi@pgshipping.example.ae", "+971 50 555 0110", "", "AED", "fa", "AE", "Dubai", "", "", "", 45},
  {"organization", "Baltic Sino Trade UAB", "customer", "info@balticsino.lt", "+370 5 260 8888", "LT400004567890", "EUR", "lt", "LT", "Vilnius", "Konstitucijos pr. 7", "LT-09308", "Kinija;importas", -1},
  {"person", "赵丽 (Zhao Li)", "employee_contact", "zhao.li@balticsino.lt", "+370 611 99887", "", "EUR", "zh", "LT", "Vilnius", "", "", "", 47},
  {"person", "נועה פרידמן", "prospect", "noa.friedman@example.com", "+972 58 444 5566", "", "EUR", "he", "LT", "Vilnius", "Vokiečių g. 13", "LT-01130", "", -1},
};
// clang-format on

PartyDraft draft_of(const DemoParty& demo, UserId owner) {
  PartyDraft draft;
  draft.kind = demo.kind;
  draft.name = demo.name;
  draft.roles = domain::split_list(demo.roles);
  draft.emails = domain::split_list(demo.emails);
  draft.phones = domain::split_list(demo.phones);
  draft.tax_id = demo.tax_id;
  draft.currency = demo.currency;
  draft.language = demo.language;
  draft.tags = domain::split_list(demo.tags);
  PartyDraft::DraftAddress address;
  address.country = demo.country;
  address.city = demo.city;
  address.street = demo.street;
  address.postal_code = demo.postal_code;
  draft.addresses.push_back(address);
  if (owner.valid()) draft.owner_id = owner.value();
  return draft;
}

}  // namespace

Result<void> seed_demo(db::Tx& tx, const Clock& clock, CompanyId company_id, UserId owner) {
  const Caller system = Caller::system(company_id);
  std::vector<PartyId> ids;
  for (const DemoParty& demo : kDemo) {
    PartyData data = TRY(domain::validate(draft_of(demo, owner)));
    if (demo.parent >= 0) {
      KEEL_ASSERT(static_cast<std::size_t>(demo.parent) < ids.size());
      data.parent_id = ids[static_cast<std::size_t>(demo.parent)];
    }
    if (data.kind == PartyKind::organization && data.currency == "EUR") {
      data.payment_terms = "net30";
      const Currency euro = TRY(Currency::from_code("EUR"));
      data.credit_limit = TRY(Money::parse("25000.00", euro));
    }
    ids.push_back(TRY(insert_validated(tx, clock, system, std::move(data))).id);
  }
  return Ok{};
}

}  // namespace keel::partners
