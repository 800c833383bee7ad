// Channels: inbound email threaded onto timelines, meetings as iCalendar, contacts as vCard.
#include <algorithm>
#include <set>

#include "crm_internal.h"
#include "formats_ical.h"
#include "formats_mail.h"
#include "formats_vcard.h"
#include "keel/auth/auth_api.h"

namespace keel::crm::detail {
namespace {

// Where an earlier message of the same thread was filed.
struct Filed {
  std::optional<partners::PartyId> partner;
  std::optional<OpportunityId> opportunity;
  std::optional<LeadId> lead;
};

Result<std::optional<Filed>> thread_of(db::Tx& tx, const Actor& actor,
                                       const std::vector<std::string>& references) {
  // The newest reference first: a reply belongs where the message it answers was filed.
  for (auto id = references.rbegin(); id != references.rend(); ++id) {
    const auto row = TRY(tx.query_one(
        "SELECT partner_id, opportunity_id, lead_id FROM crm_activities WHERE company_id = $1 "
        "AND message_id = $2 ORDER BY id LIMIT 1",
        {actor.company().value(), *id}));
    if (!row) continue;
    Filed filed;
    if (const auto v = row->optional_integer(0)) filed.partner = partners::PartyId(*v);
    if (const auto v = row->optional_integer(1)) filed.opportunity = OpportunityId(*v);
    if (const auto v = row->optional_integer(2)) filed.lead = LeadId(*v);
    return std::optional<Filed>(filed);
  }
  return std::optional<Filed>{};
}

std::string instant_seconds(std::string_view instant) {
  // "2026-03-11T10:00:00.5Z" → "2026-03-11T10:00:00Z": calendars count in seconds.
  if (instant.size() > 20 && instant[19] == '.') return std::string(instant.substr(0, 19)) + "Z";
  return std::string(instant);
}

}  // namespace

Result<MailReceipt> receive_email(db::Tx& tx, const Actor& actor, std::string_view raw) {
  const formats::InboundMessage message = TRY(formats::parse_message(raw));
  MailReceipt receipt;
  // A relay that delivers twice files the message once.
  if (!message.message_id.empty()) {
    const auto known = TRY(tx.query_one(
        "SELECT id FROM crm_activities WHERE company_id = $1 AND message_id = $2 ORDER BY id "
        "LIMIT 1",
        {actor.company().value(), message.message_id}));
    if (known) {
      receipt.activity = TRY(get_activity(tx, actor, ActivityId(known->integer(0))));
      receipt.matched = "duplicate";
      return receipt;
    }
  }
  ActivityInput input;
  input.kind = "email";
  input.direction = "inbound";
  input.channel = "email";
  input.subject = message.subject.empty() ? "(no subject)" : message.subject;
  if (input.subject.size() > kTextLengthMax) {
    // Cut on a UTF-8 boundary: back off continuation bytes.
    std::size_t cut = kTextLengthMax;
    while (cut > 0 && (static_cast<unsigned char>(input.subject[cut]) & 0xC0) == 0x80) --cut;
    input.subject.resize(cut);
  }
  input.body = message.text;
  if (input.body.size() > kMessageLengthMax) {
    std::size_t cut = kMessageLengthMax;
    while (cut > 0 && (static_cast<unsigned char>(input.body[cut]) & 0xC0) == 0x80) --cut;
    input.body.resize(cut);
  }
  if (!message.message_id.empty()) input.message_id = message.message_id.substr(0, 998);
  if (const auto filed = TRY(thread_of(tx, actor, message.references))) {
    input.partner_id = filed->partner;
    input.opportunity_id = filed->opportunity;
    input.lead_id = filed->lead;
    receipt.matched = "thread";
  } else {
    const auto caller = partners::Caller::system(actor.company(), actor.user());
    const auto partners_found =
        TRY(partners::find_duplicates(tx, caller, message.from_address, ""));
    if (!partners_found.empty()) {
      input.partner_id = partners_found.front().id;
      receipt.matched = "partner";
    } else {
      const auto lead = TRY(tx.query_one(
          "SELECT id FROM crm_leads WHERE company_id = $1 AND email_key = $2 AND state IN "
          "('new', 'qualified') ORDER BY id DESC LIMIT 1",
          {actor.company().value(), email_key(message.from_address)}));
      if (lead) {
        input.lead_id = LeadId(lead->integer(0));
        receipt.matched = "lead";
      } else {
        LeadInput fresh;
        fresh.contact_name = message.from_name.empty() ? message.from_address : message.from_name;
        if (fresh.contact_name.size() > kTextLengthMax) fresh.contact_name = message.from_address;
        fresh.email = message.from_address;
        fresh.source = "email";
        const auto created = create_lead(tx, actor, fresh);
        if (!created.ok()) {
          // The sender's address parsed as mail but is not one we keep (e.g. no dot in the
          // domain): the message is refused as a whole rather than filed nowhere.
          return Error::validation("email_from_missing",
                                   "the sender's address cannot be kept on a lead", "from");
        }
        input.lead_id = created->lead.id;
        receipt.matched = "new_lead";
      }
    }
  }
  receipt.activity = TRY(log_activity(tx, actor, input));
  return receipt;
}

Result<std::string> meetings_calendar(db::Tx& tx, const Actor& actor, Date from, Date to,
                                      std::string_view host) {
  if (to < from || from.add_days(366).value() < to) {
    return Error::validation("calendar_range_invalid", "from ≤ to, at most a year apart", "to");
  }
  const auto rows = TRY(tx.query(
      "SELECT id FROM crm_activities WHERE company_id = $1 AND kind = 'meeting' AND starts_at "
      ">= $3 AND starts_at < $4 AND " +
          visible_sql(actor.activities, "user_id", "", 2) + " ORDER BY starts_at, id LIMIT $5",
      {actor.company().value(), actor.user().value(), from.to_string(),
       to.add_days(1).value().to_string(),
       static_cast<std::int64_t>(formats::kCalendarEventsMax)}));
  std::vector<formats::CalendarEvent> events;
  std::vector<UserId> organizers;
  std::vector<Activity> meetings;
  for (const auto& row : rows) {
    meetings.push_back(TRY(get_activity(tx, actor, ActivityId(row.integer(0)))));
    organizers.push_back(meetings.back().user_id);
  }
  std::sort(organizers.begin(), organizers.end());
  organizers.erase(std::unique(organizers.begin(), organizers.end()), organizers.end());
  std::map<std::int64_t, std::string> emails;
  for (std::size_t at = 0; at < organizers.size(); at += 100) {
    const std::vector<UserId> batch(
        organizers.begin() + static_cast<std::ptrdiff_t>(at),
        organizers.begin() + static_cast<std::ptrdiff_t>(std::min(at + 100, organizers.size())));
    for (const auto& user : TRY(auth::find_users(tx, actor.company(), batch))) {
      emails[user.id.value()] = user.email;
    }
  }
  const auto caller = partners::Caller::system(actor.company(), actor.user());
  for (const auto& meeting : meetings) {
    formats::CalendarEvent event;
    event.uid = "activity-" + std::to_string(meeting.id.value()) + "@" + std::string(host);
    event.summary = meeting.input.subject;
    event.description = meeting.input.body;
    event.starts_at = instant_seconds(meeting.input.starts_at.value_or(""));
    event.ends_at = instant_seconds(meeting.input.ends_at.value_or(""));
    event.stamp = instant_seconds(meeting.created_at);
    event.organizer_email = emails[meeting.user_id.value()];
    if (meeting.input.partner_id) {
      const auto party = partners::get_party(tx, caller, *meeting.input.partner_id);
      if (party.ok()) {
        event.location = party->data.name;
        if (!party->data.emails.empty()) event.attendee_emails.push_back(party->data.emails[0]);
      }
    }
    events.push_back(std::move(event));
  }
  return formats::write_calendar(events, "-//Keel//CRM//EN");
}

Result<std::string> export_vcards(db::Tx& tx, const partners::Caller& caller,
                                  const partners::ListQuery& query) {
  std::vector<formats::Contact> contacts;
  partners::ListQuery page = query;
  page.limit = 500;
  while (contacts.size() < formats::kVcardContactsMax) {
    const auto found = TRY(partners::list_parties(tx, caller, page));
    for (const auto& party : found.items) {
      if (contacts.size() == formats::kVcardContactsMax) break;
      formats::Contact contact;
      contact.uid = "party-" + std::to_string(party.id.value());
      contact.full_name = party.data.name;
      if (party.data.kind == partners::PartyKind::organization) {
        contact.organization = party.data.name;
      }
      contact.emails = party.data.emails;
      contact.phones = party.data.phones;
      contact.websites = party.data.websites;
      contact.note = party.data.notes;
      if (!party.data.addresses.empty()) {
        const auto& a = party.data.addresses.front();
        contact.address =
            formats::VcardAddress{a.street, a.city, a.region, a.postal_code, a.country};
      }
      contacts.push_back(std::move(contact));
    }
    if (!found.next_cursor) break;
    page.cursor = *found.next_cursor;
  }
  return formats::write_vcards(contacts);
}

Result<ContactImport> import_vcards(db::Tx& tx, const Actor& actor, const partners::Caller& caller,
                                    std::string_view text, bool commit) {
  const auto contacts = TRY(formats::parse_vcards(text));
  ContactImport report;
  std::vector<partners::PartyDraft> drafts;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    const auto& c = contacts[i];
    ++report.contacts;
    partners::PartyDraft draft;
    draft.kind = "person";
    draft.name = c.full_name;
    draft.roles = {"prospect"};
    draft.owner_id = actor.user().value();
    for (const auto& email : c.emails) {
      if (auth::normalize_email(email).ok()) draft.emails.push_back(email);
    }
    draft.phones = c.phones;
    draft.websites = c.websites;
    draft.notes = c.note;
    if (!c.organization.empty() && c.organization != c.full_name) {
      draft.notes = draft.notes.empty() ? c.organization : c.organization + "\n" + draft.notes;
    }
    if (c.address) {
      partners::PartyDraft::DraftAddress address;
      address.street = c.address->street;
      address.city = c.address->city;
      address.region = c.address->region;
      address.postal_code = c.address->postal_code;
      address.country = c.address->country.size() == 2 ? c.address->country : "";
      draft.addresses.push_back(address);
    }
    // A contact whose email is already a partner's, or repeated in the file, is skipped.
    bool duplicate = false;
    for (const auto& email : draft.emails) {
      if (!seen.insert(email_key(email)).second ||
          !TRY(partners::find_duplicates(tx, caller, email, "")).empty()) {
        duplicate = true;
      }
    }
    if (duplicate) {
      ++report.duplicates;
      continue;
    }
    drafts.push_back(std::move(draft));
  }
  if (!commit) {
    report.created = 0;
    return report;
  }
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    auto created = partners::create_party(tx, actor.clock(), caller, drafts[i]);
    if (!created.ok()) {
      // One bad contact refuses the file: nothing half-imported.
      Error error = created.release_error();
      std::vector<FieldError> fields;
      for (const auto& f : error.fields()) {
        fields.push_back({"contacts/" + std::to_string(i) + "/" + f.field, f.code, f.message});
      }
      if (fields.empty()) {
        fields.push_back({"contacts/" + std::to_string(i), error.code(), error.message()});
      }
      return Error(ErrorKind::validation, "import_rows_invalid",
                   "a contact cannot be imported; nothing was imported", std::move(fields));
    }
    ++report.created;
  }
  return report;
}

}  // namespace keel::crm::detail
