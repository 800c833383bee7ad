// The default chart template a company starts with: a small IFRS-style chart holding every
// role other modules look up, with names in the five languages of the app, the five journals
// and the fiscal year containing today.
#include <array>

#include "keel/audit/audit.h"
#include "ledger_internal.h"

namespace keel::accounting {
namespace {

struct TemplateAccount {
  std::string_view code;
  std::string_view parent;  // empty: top level
  AccountType type;
  std::string_view role;
  bool postable;
  std::array<std::string_view, 5> names;  // en, fa, he, zh, lt
};

constexpr std::array<std::string_view, 5> kLanguages = {"en", "fa", "he", "zh", "lt"};

// clang-format off
constexpr std::array<TemplateAccount, 27> kChart = {{
  {"1", "", AccountType::asset, "", false, {"Assets", "دارایی‌ها", "נכסים", "资产", "Turtas"}},
  {"1000", "1", AccountType::asset, role::kCash, true, {"Cash", "صندوق", "קופה", "库存现金", "Kasa"}},
  {"1100", "1", AccountType::asset, role::kBank, true, {"Bank", "بانک", "בנק", "银行存款", "Bankas"}},
  {"1200", "1", AccountType::asset, role::kReceivable, true, {"Accounts receivable", "حساب‌های دریافتنی", "לקוחות", "应收账款", "Gautinos sumos"}},
  {"1300", "1", AccountType::asset, role::kInventory, true, {"Inventory", "موجودی کالا", "מלאי", "存货", "Atsargos"}},
  {"1400", "1", AccountType::asset, role::kTaxInput, true, {"Input tax", "مالیات بر ارزش افزوده خرید", "מע\"מ תשומות", "进项税额", "Pirkimo PVM"}},
  {"1900", "1", AccountType::asset, role::kSuspense, true, {"Suspense", "حساب معلق", "חשבון מעבר", "待处理款项", "Laikinoji sąskaita"}},
  {"2", "", AccountType::liability, "", false, {"Liabilities", "بدهی‌ها", "התחייבויות", "负债", "Įsipareigojimai"}},
  {"2000", "2", AccountType::liability, role::kPayable, true, {"Accounts payable", "حساب‌های پرداختنی", "ספקים", "应付账款", "Mokėtinos sumos"}},
  {"2100", "2", AccountType::liability, role::kTaxOutput, true, {"Output tax", "مالیات بر ارزش افزوده فروش", "מע\"מ עסקאות", "销项税额", "Pardavimo PVM"}},
  {"2200", "2", AccountType::liability, role::kCustomerAdvance, true, {"Customer advances", "پیش‌دریافت از مشتریان", "מקדמות מלקוחות", "预收账款", "Gauti išankstiniai mokėjimai"}},
  {"3", "", AccountType::equity, "", false, {"Equity", "حقوق صاحبان سهام", "הון עצמי", "所有者权益", "Nuosavas kapitalas"}},
  {"3000", "3", AccountType::equity, "", true, {"Share capital", "سرمایه", "הון מניות", "实收资本", "Įstatinis kapitalas"}},
  {"3100", "3", AccountType::equity, role::kRetainedEarnings, true, {"Retained earnings", "سود انباشته", "עודפים", "未分配利润", "Nepaskirstytasis pelnas"}},
  {"4", "", AccountType::income, "", false, {"Income", "درآمدها", "הכנסות", "收入", "Pajamos"}},
  {"4000", "4", AccountType::income, role::kRevenue, true, {"Sales revenue", "درآمد فروش", "הכנסות ממכירות", "主营业务收入", "Pardavimo pajamos"}},
  {"4100", "4", AccountType::income, role::kFxGain, true, {"Exchange gain", "سود تسعیر ارز", "רווחי שער", "汇兑收益", "Valiutų kursų pelnas"}},
  {"4200", "4", AccountType::income, role::kDiscountTaken, true, {"Discounts taken", "تخفیفات دریافتی", "הנחות שהתקבלו", "购货折扣", "Gautos nuolaidos"}},
  {"4900", "4", AccountType::income, role::kUnrealizedFx, true, {"Unrealized exchange differences", "تفاوت تسعیر تحقق‌نیافته", "הפרשי שער שטרם מומשו", "未实现汇兑损益", "Nerealizuoti valiutų kursų skirtumai"}},
  {"5", "", AccountType::expense, "", false, {"Expenses", "هزینه‌ها", "הוצאות", "费用", "Sąnaudos"}},
  {"5000", "5", AccountType::expense, role::kCostOfGoods, true, {"Cost of goods sold", "بهای تمام‌شده کالای فروش‌رفته", "עלות המכר", "主营业务成本", "Parduotų prekių savikaina"}},
  {"5100", "5", AccountType::expense, role::kExpense, true, {"Operating expenses", "هزینه‌های عملیاتی", "הוצאות תפעול", "营业费用", "Veiklos sąnaudos"}},
  {"5200", "5", AccountType::expense, role::kFxLoss, true, {"Exchange loss", "زیان تسعیر ارز", "הפסדי שער", "汇兑损失", "Valiutų kursų nuostoliai"}},
  {"5300", "5", AccountType::expense, role::kDiscountGiven, true, {"Discounts given", "تخفیفات اعطایی", "הנחות שניתנו", "销售折扣", "Suteiktos nuolaidos"}},
  {"5400", "5", AccountType::expense, "", true, {"Bank charges", "کارمزد بانکی", "עמלות בנק", "银行手续费", "Banko mokesčiai"}},
  {"5500", "5", AccountType::expense, "", true, {"Salaries", "حقوق و دستمزد", "משכורות", "工资", "Darbo užmokestis"}},
  {"5600", "5", AccountType::expense, "", true, {"Rent", "اجاره", "שכירות", "租金", "Nuoma"}},
}};
// clang-format on

struct TemplateJournal {
  std::string_view code;
  std::string_view name;
  JournalType type;
  std::string_view default_account;  // a code of kChart, or empty
};

constexpr std::array<TemplateJournal, 5> kJournals = {{
    {"SAL", "Sales", JournalType::sales, "4000"},
    {"PUR", "Purchases", JournalType::purchase, "5100"},
    {"BNK", "Bank", JournalType::bank, "1100"},
    {"CSH", "Cash", JournalType::cash, "1000"},
    {"GEN", "General", JournalType::general, ""},
}};

Result<std::map<std::string, AccountId>> install_accounts(db::Tx& tx, const Context& context) {
  std::map<std::string, AccountId> ids;
  for (const auto& item : kChart) {
    AccountDraft draft{.code = std::string(item.code), .type = item.type,
                       .role = std::string(item.role), .parent_id = std::nullopt,
                       .postable = item.postable, .currency = {}, .names = {}};
    if (!item.parent.empty()) draft.parent_id = ids.at(std::string(item.parent));
    for (std::size_t i = 0; i < kLanguages.size(); ++i) {
      draft.names[std::string(kLanguages[i])] = std::string(item.names[i]);
    }
    const Account account = TRY(create_account(tx, context, draft));
    ids[account.code] = account.id;
  }
  return ids;
}

}  // namespace

Result<void> install_default_chart(db::Tx& tx, const Context& context, Date today) {
  if (TRY(tx.query_one("SELECT id FROM accounting_accounts WHERE company_id = $1 LIMIT 1",
                       {context.company_id.value()}))) {
    return Error::conflict("chart_already_installed", "the company already has accounts");
  }
  const auto ids = TRY(install_accounts(tx, context));
  for (const auto& journal : kJournals) {
    const db::Value account = journal.default_account.empty()
                                  ? db::Value(db::null)
                                  : db::Value(ids.at(std::string(journal.default_account)).value());
    TRY(tx.execute(
        "INSERT INTO accounting_journals (company_id, code, name, type, default_account_id, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        {context.company_id.value(), std::string(journal.code), std::string(journal.name),
         std::string(to_string(journal.type)), account, ledger::now_text(context)}));
  }
  // The year containing today, unless one already covers it.
  if (!TRY(ledger::find_period(tx, context.company_id, today))) {
    const int year = context.calendar == "persian" ? to_jalali(today).year : today.year();
    TRY(create_fiscal_year(tx, context, year));
  }
  return Ok{};
}

}  // namespace keel::accounting
