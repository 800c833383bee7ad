// Messages shared by the accounting screens: the section's own navigation.
import type { Language } from '../../lib/format';

const en = {
  title: 'Accounting',
  sections: {
    overview: 'Overview', accounts: 'Chart of accounts', entries: 'Journal entries', reports: 'Reports', periods: 'Fiscal years and close',
    invoices: 'Invoices and bills', payments: 'Payments', bank: 'Bank',
  },
};
type Messages = typeof en;

export const ACCOUNTING_MESSAGES: Record<Language, Messages> = {
  en,
  fa: {
    title: 'حسابداری',
    sections: {
      overview: 'نمای کلی', accounts: 'سرفصل حساب‌ها', entries: 'اسناد حسابداری', reports: 'گزارش‌ها', periods: 'سال‌های مالی و بستن حساب‌ها',
      invoices: 'فاکتورهای فروش و خرید', payments: 'دریافت و پرداخت', bank: 'بانک',
    },
  },
  he: {
    title: 'הנהלת חשבונות',
    sections: {
      overview: 'סקירה', accounts: 'לוח חשבונות', entries: 'פקודות יומן', reports: 'דוחות', periods: 'שנות כספים וסגירה',
      invoices: 'חשבוניות וחשבונות ספקים', payments: 'תשלומים', bank: 'בנק',
    },
  },
  zh: {
    title: '会计',
    sections: {
      overview: '概览', accounts: '科目表', entries: '记账凭证', reports: '报表', periods: '会计年度与结账',
      invoices: '发票与账单', payments: '收付款', bank: '银行',
    },
  },
  lt: {
    title: 'Apskaita',
    sections: {
      overview: 'Apžvalga', accounts: 'Sąskaitų planas', entries: 'Didžiosios knygos įrašai', reports: 'Ataskaitos', periods: 'Finansiniai metai ir uždarymas',
      invoices: 'Sąskaitos faktūros', payments: 'Mokėjimai', bank: 'Bankas',
    },
  },
};
