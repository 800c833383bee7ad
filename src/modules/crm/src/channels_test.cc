// Channels on both engines: inbound email threading, the meetings calendar, vCard contacts.
#include "crm_test_support.h"
#include "formats_ical.h"
#include "formats_vcard.h"

namespace keel::crm::test {
namespace {

class ChannelsTest : public CrmTest {
 protected:
  Result<MailReceipt> receive(const std::string& raw) {
    return as(m_admin, [&](db::Tx& tx, const Actor& a) { return receive_email(tx, a, raw); });
  }
  std::int64_t count(const char* table) {
    auto row = database().read(
        [&](db::Tx& tx) { return tx.query_one(std::string("SELECT COUNT(*) FROM ") + table); });
    return (*row)->integer(0);
  }
};

std::string message(const std::string& from, const std::string& id, const std::string& subject,
                    const std::string& extra_headers = {}) {
  return "From: " + from + "\r\nTo: sales@keel.example\r\nSubject: " + subject +
         "\r\nMessage-ID: <" + id + ">\r\nDate: Tue, 10 Mar 2026 10:00:00 +0330\r\n" +
         extra_headers + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\nthe body.\r\n";
}

TEST_P(ChannelsTest, inbound_email_threads_to_partner_opportunity_or_a_new_lead) {
  const auto partner = make_party("Porter & Sons", "james@porter.example");
  // A known sender lands on the partner's timeline.
  auto first =
      receive(message("James Porter <James@Porter.example>", "m1@porter.example", "Order"));
  ASSERT_TRUE(first.ok()) << first.error().code() << " " << first.error().message();
  EXPECT_EQ(first->matched, "partner");
  EXPECT_EQ(first->activity.input.partner_id, partner);
  EXPECT_EQ(first->activity.input.direction, "inbound");
  EXPECT_EQ(first->activity.input.message_id, "m1@porter.example");

  // Our reply was logged on an opportunity with its Message-ID; their answer threads there.
  auto deal = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    OpportunityInput in;
    in.title = "Renewal";
    in.partner_id = partner;
    return create_opportunity(tx, a, in);
  });
  ASSERT_TRUE(deal.ok());
  auto ours = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    ActivityInput in;
    in.kind = "email";
    in.direction = "outbound";
    in.subject = "Re: Order";
    in.opportunity_id = deal->id;
    in.message_id = "r1@keel.example";
    return log_activity(tx, a, in);
  });
  ASSERT_TRUE(ours.ok());
  auto answer = receive(message("someone-else@mail.example", "m2@mail.example", "Re: Re: Order",
                                "In-Reply-To: <r1@keel.example>\r\nReferences: <m1@porter.example> "
                                "<r1@keel.example>\r\n"));
  ASSERT_TRUE(answer.ok()) << answer.error().code();
  EXPECT_EQ(answer->matched, "thread");
  EXPECT_EQ(answer->activity.input.opportunity_id, deal->id);
  EXPECT_EQ(answer->activity.input.partner_id, partner);

  // A stranger becomes a lead; the relay delivering twice files it once.
  const std::string stranger = message("=?UTF-8?B?2YXYsduM2YU=?= <maryam@pars.example>",
                                       "m3@pars.example", "=?UTF-8?B?2LPZhNin2YU=?=");
  auto lead = receive(stranger);
  ASSERT_TRUE(lead.ok()) << lead.error().code();
  EXPECT_EQ(lead->matched, "new_lead");
  ASSERT_TRUE(lead->activity.input.lead_id.has_value());
  EXPECT_EQ(lead->activity.input.subject, "سلام");
  auto created = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return get_lead(tx, a, *lead->activity.input.lead_id);
  });
  EXPECT_EQ(created->input.contact_name, "مریم");
  EXPECT_EQ(created->input.source, "email");
  const auto activities = count("crm_activities");
  auto again = receive(stranger);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->matched, "duplicate");
  EXPECT_EQ(count("crm_activities"), activities);
  // The same sender's next message goes to that lead.
  auto next = receive(message("maryam@pars.example", "m4@pars.example", "Price list"));
  EXPECT_EQ(next->matched, "lead");

  EXPECT_EQ(receive("not a message at all").error().code(), "email_malformed");
  EXPECT_EQ(receive("Subject: hi\r\n\r\nbody").error().code(), "email_from_missing");
  EXPECT_EQ(count("crm_activities"), activities + 1);
}

TEST_P(ChannelsTest, meetings_export_as_icalendar) {
  const auto partner = make_party("Cohen Tech", "ronit@cohen.example");
  auto meeting = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) {
        ActivityInput in;
        in.kind = "meeting";
        in.subject = "Demo; pricing, and next steps";
        in.body = "Line one\nLine two";
        in.partner_id = partner;
        in.starts_at = "2026-03-20T10:00:00Z";
        in.ends_at = "2026-03-20T11:30:00.250Z";
        return log_activity(tx, a, in);
      },
      http::Scope::own);
  ASSERT_TRUE(meeting.ok()) << meeting.error().code();
  auto ics = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) {
        return meetings_calendar(tx, a, day("2026-03-01"), day("2026-03-31"), "crm.example");
      },
      http::Scope::own);
  ASSERT_TRUE(ics.ok()) << ics.error().code();
  const auto events = formats::parse_calendar(*ics);
  ASSERT_TRUE(events.ok()) << events.error().message() << "\n" << *ics;
  ASSERT_EQ(events->size(), 1u);
  const auto& event = events->front();
  EXPECT_EQ(event.uid, "activity-" + std::to_string(meeting->id.value()) + "@crm.example");
  EXPECT_EQ(event.summary, "Demo; pricing, and next steps");
  EXPECT_EQ(event.description, "Line one\nLine two");
  EXPECT_EQ(event.starts_at, "2026-03-20T10:00:00Z");
  EXPECT_EQ(event.ends_at, "2026-03-20T11:30:00Z");
  EXPECT_EQ(event.organizer_email, "rep@keel.example");
  EXPECT_EQ(event.attendee_emails, std::vector<std::string>{"ronit@cohen.example"});
  // Another salesperson's calendar does not hold it.
  auto theirs = as(
      m_rep2,
      [&](db::Tx& tx, const Actor& a) {
        return meetings_calendar(tx, a, day("2026-03-01"), day("2026-03-31"), "crm.example");
      },
      http::Scope::own);
  EXPECT_EQ(formats::parse_calendar(*theirs).error().code(), "ical_empty");
  auto too_long = as(m_rep, [&](db::Tx& tx, const Actor& a) {
    return meetings_calendar(tx, a, day("2026-01-01"), day("2027-06-01"), "crm.example");
  });
  EXPECT_EQ(too_long.error().code(), "calendar_range_invalid");
}

TEST_P(ChannelsTest, vcard_contacts_import_skip_known_ones_and_export) {
  make_party("Known Ltd", "known@example.com");
  const std::string cards =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:רונית "
      "כהן\r\nN:כהן;רונית;;;\r\nEMAIL;TYPE=work:ronit@cohen.example\r\n"
      "TEL:+972 3 555 0101\r\nORG:Cohen Tech\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Someone Known\r\nEMAIL:KNOWN@example.com\r\nEND:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nEMAIL:wang@yunduan.example\r\n"
      "ADR:;;西湖路 1号;杭州;;310000;CN\r\nEND:VCARD\r\n";
  const auto caller = partners::Caller::system(m_company, m_admin);
  auto dry = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return import_vcards(tx, a, caller, cards, false);
  });
  ASSERT_TRUE(dry.ok()) << dry.error().code();
  EXPECT_EQ(dry->contacts, 3);
  EXPECT_EQ(dry->created, 0);
  EXPECT_EQ(dry->duplicates, 1);
  auto done = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return import_vcards(tx, a, caller, cards, true);
  });
  ASSERT_TRUE(done.ok()) << done.error().code() << " " << done.error().message();
  EXPECT_EQ(done->created, 2);
  auto exported = database().read([&](db::Tx& tx) {
    partners::ListQuery query;
    query.q = "cohen";
    return export_vcards(tx, caller, query);
  });
  ASSERT_TRUE(exported.ok());
  const auto back = formats::parse_vcards(*exported);
  ASSERT_TRUE(back.ok()) << back.error().message();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->front().full_name, "רונית כהן");
  EXPECT_EQ(back->front().emails, std::vector<std::string>{"ronit@cohen.example"});
  EXPECT_EQ(back->front().phones, std::vector<std::string>{"+972 3 555 0101"});
  auto empty = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return import_vcards(tx, a, caller, "nothing here", true);
  });
  EXPECT_EQ(empty.error().code(), "vcard_empty");
  auto broken = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return import_vcards(tx, a, caller, "BEGIN:VCARD\r\nFN:x\r\n", true);
  });
  EXPECT_EQ(broken.error().code(), "vcard_malformed");
}

KEEL_INSTANTIATE_ENGINES(ChannelsTest);

}  // namespace
}  // namespace keel::crm::test
