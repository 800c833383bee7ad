#pragma once

// Shared by the bank service files: reading a statement line with its bank account, and the
// clock of a Context.
#include <string>

#include "bank_parsing.h"
#include "keel/accounting/bank_api.h"
#include "keel/core/assert.h"

namespace keel::accounting::bank::detail {

struct LineRecord {
  StatementLineId id;
  BankAccount bank;
  StatementLine line;
  LineState state = LineState::open;
};

// The statement line of the company with its bank account. Errors: bank_statement_line_not_found.
Result<LineRecord> load_line(db::Tx& tx, CompanyId company_id, StatementLineId id);

inline const Clock& clock_of(const Context& context) {
  KEEL_ASSERT(context.clock != nullptr);
  return *context.clock;
}

// "now" for created_at columns.
std::string now_text(const Context& context);

}  // namespace keel::accounting::bank::detail
