#pragma once

// Shared by the bank service files: reading a statement line with its bank account, and the
// clock of a Context.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The statement line, refused with bank_statement_line_reconciled unless it is open.
Result<LineRecord> open_line(db::Tx& tx, const Context& context, StatementLineId id);

// Stores the match of an open line with ledger lines (every check of reconcile());
// `created_entry` when the entry was posted for it.
Result<void> store_match(db::Tx& tx, const Context& context, const LineRecord& record,
                         const std::vector<std::int64_t>& ids,
                         std::optional<EntryId> created_entry);

// Whether `needle` (at least three characters) occurs in `haystack`, ignoring ASCII case.
bool mentions(std::string_view haystack, std::string_view needle);

// Undoes the payment registered by reconcile_with_documents() whose entry is `entry` (see
// unreconcile()); nothing when no payment has that entry.
Result<void> undo_document_payment(db::Tx& tx, const Context& context, const LineRecord& record,
                                   EntryId entry);

}  // namespace keel::accounting::bank::detail
