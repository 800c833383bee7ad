// The pipeline part on both engines: leads (scoring, duplicates, conversion, forms, CSV),
// opportunities (state machine, kanban sums, quotes through sales), forecast and quotas,
// activities and the record rules.
#include "crm_test_support.h"

namespace keel::crm::test {
namespace {

class PipelineTest : public CrmTest {};

LeadInput lead_input(const char* name, const char* email) {
  LeadInput input;
  input.contact_name = name;
  input.email = email;
  return input;
}

TEST_P(PipelineTest, leads_are_scored_deduplicated_and_converted) {
  const auto partner = make_party("Pars Sanat", "info@pars.example");
  auto rules = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return replace_scoring_rules(tx, a,
                                 {{"field", "email", "", 10},
                                  {"field", "country", "IR", 5},
                                  {"company_size", "", "100", 20},
                                  {"activity", "", "meeting", 7}});
  });
  ASSERT_TRUE(rules.ok()) << rules.error().code();

  LeadInput input = lead_input("  مریم احمدی ", "Info@Pars.example");
  input.company_name = "Pars Sanat";
  input.country = "ir";
  input.employees = 250;
  input.phone = "+98 21 8800-1200";
  auto first = as(m_admin, [&](db::Tx& tx, const Actor& a) { return create_lead(tx, a, input); });
  ASSERT_TRUE(first.ok()) << first.error().code();
  EXPECT_EQ(first->lead.input.contact_name, "مریم احمدی");
  EXPECT_EQ(first->lead.input.email, "info@pars.example");
  EXPECT_EQ(first->lead.input.country, "IR");
  EXPECT_EQ(first->lead.score, 35);  // email 10 + country 5 + size 20
  ASSERT_FALSE(first->duplicates.empty());
  EXPECT_EQ(first->duplicates[0].kind, "partner");
  EXPECT_EQ(first->duplicates[0].id, partner.value());
  EXPECT_EQ(first->duplicates[0].match, "email");

  // Same phone in another notation: a duplicate lead.
  LeadInput again = lead_input("Maryam A.", "");
  again.phone = "0098-21-88001200";
  auto second = as(m_admin, [&](db::Tx& tx, const Actor& a) { return create_lead(tx, a, again); });
  ASSERT_TRUE(second.ok()) << second.error().code();
  ASSERT_EQ(second->duplicates.size(), 1u);
  EXPECT_EQ(second->duplicates[0].kind, "lead");
  EXPECT_EQ(second->duplicates[0].match, "phone");

  // A logged meeting scores the lead again.
  auto meeting = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    ActivityInput in;
    in.kind = "meeting";
    in.subject = "Visit";
    in.lead_id = first->lead.id;
    in.starts_at = "2026-03-11T10:00:00Z";
    in.ends_at = "2026-03-11T11:00:00Z";
    return log_activity(tx, a, in);
  });
  ASSERT_TRUE(meeting.ok()) << meeting.error().code();
  auto rescored =
      as(m_admin, [&](db::Tx& tx, const Actor& a) { return get_lead(tx, a, first->lead.id); });
  EXPECT_EQ(rescored->score, 42);

  // Converted onto the existing partner: an opportunity, and the meeting on the partner's
  // timeline.
  auto converted = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    ConvertRequest request;
    request.partner_id = partner;
    request.expected_revenue = "18000.00";
    return convert_lead(tx, a, first->lead.id, rescored->version, request);
  });
  ASSERT_TRUE(converted.ok()) << converted.error().code();
  EXPECT_FALSE(converted->partner_created);
  EXPECT_EQ(converted->lead.state, "converted");
  auto opportunity = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return get_opportunity(tx, a, converted->opportunity_id);
  });
  EXPECT_EQ(opportunity->expected_revenue.to_string(), "18000.00");
  EXPECT_EQ(opportunity->stage_id, m_stages[0].id);
  EXPECT_EQ(opportunity->lead_id, first->lead.id);
  auto timeline_of = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    TimelineQuery q;
    q.partner_id = partner;
    return timeline(tx, a, q);
  });
  ASSERT_TRUE(timeline_of.ok());
  ASSERT_EQ(timeline_of->items.size(), 1u);
  EXPECT_EQ(timeline_of->items[0].input.subject, "Visit");

  // Converting twice, or with a stale version, changes nothing.
  auto twice = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return convert_lead(tx, a, first->lead.id, converted->lead.version, {});
  });
  EXPECT_EQ(twice.error().code(), "lead_state_invalid");
  auto stale = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return convert_lead(tx, a, second->lead.id, 99, {});
  });
  EXPECT_EQ(stale.error().code(), "version_conflict");

  // The second lead becomes a new partner (a prospect) of its own.
  auto fresh = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return convert_lead(tx, a, second->lead.id, second->lead.version, {});
  });
  ASSERT_TRUE(fresh.ok()) << fresh.error().code() << " " << fresh.error().message();
  EXPECT_TRUE(fresh->partner_created);
  auto party = database().read([&](db::Tx& tx) {
    return partners::get_party(tx, partners::Caller::system(m_company), fresh->partner_id);
  });
  ASSERT_TRUE(party.ok());
  EXPECT_EQ(party->data.name, "Maryam A.");
}

TEST_P(PipelineTest, bad_lead_input_is_refused_and_changes_nothing) {
  LeadInput bad = lead_input("", "not-an-email");
  bad.phone = "12";
  bad.country = "IRN";
  bad.employees = -1;
  bad.source = "fax";
  auto refused = as(m_admin, [&](db::Tx& tx, const Actor& a) { return create_lead(tx, a, bad); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), "input_invalid");
  std::set<std::string> codes;
  for (const auto& f : refused.error().fields()) codes.insert(f.code);
  EXPECT_EQ(codes, (std::set<std::string>{"lead_name_invalid", "lead_email_invalid",
                                          "lead_phone_invalid", "lead_country_invalid",
                                          "lead_employees_invalid", "lead_source_invalid"}));
  // What the JSON reader does not judge (CSV rows reach the service directly) is judged here.
  LeadInput long_text = lead_input("Jonas", "");
  long_text.website = std::string(301, 'w');
  long_text.message = "bad \xC3\x28 bytes";
  auto refused_text =
      as(m_admin, [&](db::Tx& tx, const Actor& a) { return create_lead(tx, a, long_text); });
  ASSERT_FALSE(refused_text.ok());
  std::set<std::string> text_codes;
  for (const auto& f : refused_text.error().fields()) text_codes.insert(f.code);
  EXPECT_EQ(text_codes, (std::set<std::string>{"lead_website_invalid", "lead_message_invalid"}));
  auto bad_activity = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    ActivityInput in;
    in.kind = "fax";
    in.subject = "";
    in.body = std::string(10'001, 'b');
    in.direction = "sideways";
    in.channel = std::string(51, 'c');
    in.message_id = std::string(999, 'm');
    in.partner_id = partners::PartyId(1);
    return log_activity(tx, a, in);
  });
  ASSERT_FALSE(bad_activity.ok());
  std::set<std::string> activity_codes;
  for (const auto& f : bad_activity.error().fields()) activity_codes.insert(f.code);
  EXPECT_EQ(activity_codes,
            (std::set<std::string>{"activity_kind_invalid", "activity_subject_invalid",
                                   "activity_body_invalid", "activity_direction_invalid",
                                   "activity_channel_invalid", "activity_message_id_invalid"}));
  auto task_without_date = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    ActivityInput in;
    in.kind = "task";
    in.subject = "Call back";
    in.partner_id = partners::PartyId(1);
    return log_activity(tx, a, in);
  });
  EXPECT_EQ(task_without_date.error().fields().at(0).code, "activity_due_date_missing");

  auto lead = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return create_lead(tx, a, lead_input("Jonas", "jonas@example.lt"));
  });
  ASSERT_TRUE(lead.ok());
  auto no_reason = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return disqualify_lead(tx, a, lead->lead.id, 1, "  ");
  });
  EXPECT_EQ(no_reason.error().code(), "disqualify_reason_required");
  auto dropped = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return disqualify_lead(tx, a, lead->lead.id, 1, "No budget");
  });
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(dropped->state, "disqualified");
  auto frozen = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return update_lead(tx, a, lead->lead.id, dropped->version, lead_input("J", ""));
  });
  EXPECT_EQ(frozen.error().code(), "lead_state_invalid");
  auto other_owner = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    LeadInput in = lead_input("Ruta", "");
    in.owner_id = m_stranger;
    return create_lead(tx, a, in);
  });
  EXPECT_EQ(other_owner.error().code(), "user_not_found");
}

TEST_P(PipelineTest, kanban_sums_are_exact_and_the_state_machine_holds) {
  // Three amounts at 33 %: each weighted alone would round; the column rounds its total once.
  for (const char* amount : {"100.01", "100.01", "100.01"}) {
    ASSERT_TRUE(open("Deal", amount, m_stages[1].id, "2026-04-15", m_admin).ok());
  }
  auto big = open("Big deal", "1000.00", m_stages[2].id, "2026-04-20", m_admin);
  ASSERT_TRUE(big.ok());
  auto board = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return pipeline(tx, a, std::nullopt, std::nullopt, 2);
  });
  ASSERT_TRUE(board.ok()) << board.error().code() << board.error().message();
  ASSERT_EQ(board->columns.size(), 3u);
  EXPECT_EQ(board->columns[1].count, 3);
  EXPECT_EQ(board->columns[1].expected.to_string(), "300.03");
  EXPECT_EQ(board->columns[1].weighted.to_string(), "99.01");  // 300.03 × 0.33 = 99.0099
  EXPECT_EQ(board->columns[1].cards.size(), 2u);               // limited per column
  EXPECT_EQ(board->expected.to_string(), "1300.03");
  EXPECT_EQ(board->weighted.to_string(), "899.01");

  // Drag and drop, then won; a won one moves no more.
  auto moved = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return move_opportunity(tx, a, big->id, big->version, m_stages[0].id);
  });
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->probability, 10);
  auto stale = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return move_opportunity(tx, a, big->id, big->version, m_stages[1].id);
  });
  EXPECT_EQ(stale.error().code(), "version_conflict");
  auto won = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return win_opportunity(tx, a, big->id, moved->version, std::nullopt);
  });
  ASSERT_TRUE(won.ok());
  EXPECT_EQ(won->state, "won");
  EXPECT_EQ(won->probability, 100);
  auto after_win = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return move_opportunity(tx, a, big->id, won->version, m_stages[1].id);
  });
  EXPECT_EQ(after_win.error().code(), "opportunity_state_invalid");

  // Lost needs a reason; reopened it is open again.
  auto deal = open("Lost deal", "50.00", m_stages[0].id, "2026-04-01", m_admin);
  auto no_reason = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return lose_opportunity(tx, a, deal->id, deal->version, "");
  });
  EXPECT_EQ(no_reason.error().code(), "lost_reason_required");
  auto lost = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return lose_opportunity(tx, a, deal->id, deal->version, "Price");
  });
  ASSERT_TRUE(lost.ok());
  auto board2 = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return pipeline(tx, a, std::nullopt, std::nullopt, 0);
  });
  EXPECT_EQ(board2->won_count, 1);
  EXPECT_EQ(board2->lost_count, 1);
  EXPECT_EQ(board2->won.to_string(), "1000.00");
  auto reopened = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return reopen_opportunity(tx, a, deal->id, lost->version);
  });
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->state, "open");
  EXPECT_EQ(reopened->lost_reason, "");

  auto negative = open("Bad", "-1.00", m_stages[0].id, "2026-04-01", m_admin);
  EXPECT_EQ(negative.error().code(), "input_invalid");
  auto foreign_stage = as(
      m_admin,
      [&](db::Tx& tx, const Actor& a) {
        OpportunityInput in;
        in.title = "x";
        in.stage_id = m_stages[0].id;
        return create_opportunity(tx, a, in);
      },
      http::Scope::all, m_other_company);
  EXPECT_EQ(foreign_stage.error().code(), "stage_not_found");
}

TEST_P(PipelineTest, forecast_groups_by_owner_and_month_against_quotas) {
  ASSERT_TRUE(open("A", "1000.00", m_stages[0].id, "2026-04-05", m_rep).ok());  // 10 %
  ASSERT_TRUE(open("B", "2000.00", m_stages[2].id, "2026-04-25", m_rep).ok());  // 80 %, committed
  auto c = open("C", "1500.00", m_stages[1].id, "2026-04-10", m_rep);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(as(m_admin, [&](db::Tx& tx, const Actor& a) {
                return win_opportunity(tx, a, c->id, c->version, std::nullopt);
              }).ok());
  ASSERT_TRUE(open("D", "700.00", m_stages[1].id, "2026-05-02", m_rep2).ok());
  auto quota = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return set_quota(
        tx, a,
        {m_rep, "2026-04", Money::parse("4000.00", Currency::from_code("EUR").value()).value()});
  });
  ASSERT_TRUE(quota.ok()) << quota.error().code();
  auto rows = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return forecast(tx, a, {"2026-04", "2026-05", "owner"});
  });
  ASSERT_TRUE(rows.ok()) << rows.error().code() << rows.error().message();
  ASSERT_EQ(rows->size(), 2u);
  const ForecastRow& april = (*rows)[0].group_id == m_rep.value() ? (*rows)[0] : (*rows)[1];
  EXPECT_EQ(april.month, "2026-04");
  EXPECT_EQ(april.pipeline.to_string(), "3000.00");
  EXPECT_EQ(april.weighted.to_string(), "1700.00");   // 100 + 1600
  EXPECT_EQ(april.committed.to_string(), "3500.00");  // won 1500 + committed stage 2000
  EXPECT_EQ(april.won.to_string(), "1500.00");
  ASSERT_TRUE(april.quota.has_value());
  EXPECT_EQ(april.attainment_percent.value_or(""), "37.5");

  // An own-scoped salesperson sees only their own row.
  auto mine = as(
      m_rep2,
      [&](db::Tx& tx, const Actor& a) {
        return forecast(tx, a, {"2026-04", "2026-05", "owner"});
      },
      http::Scope::own);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].group_id, m_rep2.value());

  auto bad_month = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return forecast(tx, a, {"2026-13", "2026-05", "owner"});
  });
  EXPECT_EQ(bad_month.error().code(), "forecast_month_invalid");
  auto too_long = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return forecast(tx, a, {"2026-01", "2028-01", "owner"});
  });
  EXPECT_EQ(too_long.error().code(), "forecast_range_too_long");
  auto bad_group = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return forecast(tx, a, {"2026-01", "2026-02", "planet"});
  });
  EXPECT_EQ(bad_group.error().code(), "forecast_group_invalid");
}

TEST_P(PipelineTest, record_rules_limit_a_salesperson_to_own_and_a_leader_to_the_team) {
  ASSERT_TRUE(as(m_admin, [&](db::Tx& tx, const Actor& a) {
                Team team;
                team.name = "North";
                team.leader_id = m_lead_user;
                team.members = {m_rep};
                return create_team(tx, a, team);
              }).ok());
  auto mine = open("Rep's", "10.00", m_stages[0].id, "2026-04-01", m_rep);
  auto theirs = open("Rep2's", "20.00", m_stages[0].id, "2026-04-01", m_rep2);
  ASSERT_TRUE(mine.ok() && theirs.ok());
  const auto visible = [&](UserId user) {
    auto page = as(
        user, [&](db::Tx& tx, const Actor& a) { return list_opportunities(tx, a, {}); },
        http::Scope::own);
    std::set<std::int64_t> ids;
    for (const auto& o : page->items) ids.insert(o.id.value());
    return ids;
  };
  EXPECT_EQ(visible(m_rep), (std::set<std::int64_t>{mine->id.value()}));
  EXPECT_EQ(visible(m_rep2), (std::set<std::int64_t>{theirs->id.value()}));
  EXPECT_EQ(visible(m_lead_user), (std::set<std::int64_t>{mine->id.value()}));
  auto hidden = as(
      m_rep, [&](db::Tx& tx, const Actor& a) { return get_opportunity(tx, a, theirs->id); },
      http::Scope::own);
  EXPECT_EQ(hidden.error().code(), "opportunity_not_found");
  auto give_away = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) {
        OpportunityInput in;
        in.title = "for rep2";
        in.owner_id = m_rep2;
        return create_opportunity(tx, a, in);
      },
      http::Scope::own);
  EXPECT_EQ(give_away.error().code(), "permission_denied");
  auto other_tenant = as(
      m_stranger, [&](db::Tx& tx, const Actor& a) { return get_opportunity(tx, a, mine->id); },
      http::Scope::all, m_other_company);
  EXPECT_EQ(other_tenant.error().code(), "opportunity_not_found");

  // Duplicates list only what the caller may see: rep2's lead is no business of rep's.
  auto hidden_lead = as(
      m_rep2,
      [&](db::Tx& tx, const Actor& a) {
        return create_lead(tx, a, lead_input("Secret", "shared@dupes.example"));
      },
      http::Scope::own);
  ASSERT_TRUE(hidden_lead.ok());
  auto seen_by_rep = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) {
        return create_lead(tx, a, lead_input("Mine", "shared@dupes.example"));
      },
      http::Scope::own);
  ASSERT_TRUE(seen_by_rep.ok());
  EXPECT_TRUE(seen_by_rep->duplicates.empty());
  auto seen_by_admin = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return lead_duplicates(tx, a, seen_by_rep->lead);
  });
  EXPECT_EQ(seen_by_admin->size(), 1u);
}

TEST_P(PipelineTest, winning_links_a_quote_made_through_sales) {
  const auto partner = make_party("Baltijos Logistika", "ruta@baltlog.example");
  const auto other = make_party("Porter", "james@porter.example");
  auto product = as(m_admin, [&](db::Tx& tx, const Actor& a) -> Result<inventory::ProductId> {
    inventory::ProductDraft draft;
    draft.sku = "SUPPORT";
    draft.names = {{"en", "Support year"}};
    draft.type = "service";
    draft.list_price = "1200.00";
    return TRY(inventory::create_product(tx, a.context, draft)).id;
  });
  ASSERT_TRUE(product.ok()) << product.error().code();
  auto deal = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    OpportunityInput in;
    in.title = "Support";
    in.partner_id = partner;
    in.expected_revenue = "1000.00";
    return create_opportunity(tx, a, in);
  });
  ASSERT_TRUE(deal.ok());
  sales::QuoteRequest request;
  request.lines = {{*product, Quantity::parse("3").value(), ""}};
  auto quoted = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return quote_opportunity(tx, a, deal->id, request);
  });
  ASSERT_TRUE(quoted.ok()) << quoted.error().code() << " " << quoted.error().message();
  ASSERT_TRUE(quoted->quote_id.has_value());
  EXPECT_EQ(quoted->expected_revenue.to_string(), "3600.00");
  auto again = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return quote_opportunity(tx, a, deal->id, request);
  });
  EXPECT_EQ(again.error().code(), "quote_already_linked");

  // A quote of another partner cannot be what this deal won.
  auto foreign = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    sales::QuoteRequest r = request;
    r.partner_id = other;
    return sales::open_quote(tx, a.context, r, a.roles);
  });
  ASSERT_TRUE(foreign.ok());
  auto mismatch = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return win_opportunity(tx, a, deal->id, quoted->version, foreign->id);
  });
  EXPECT_EQ(mismatch.error().code(), "quote_partner_mismatch");
  auto won = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return win_opportunity(tx, a, deal->id, quoted->version, quoted->quote_id);
  });
  ASSERT_TRUE(won.ok());
  EXPECT_EQ(won->expected_revenue.to_string(), "3600.00");

  auto no_partner = open("Nobody", "1.00", m_stages[0].id, "2026-04-01", m_admin);
  auto refused = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return quote_opportunity(tx, a, no_partner->id, request);
  });
  EXPECT_EQ(refused.error().code(), "opportunity_partner_missing");
}

TEST_P(PipelineTest, public_forms_rate_limit_trap_robots_and_store_text_verbatim) {
  auto form = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    WebForm f;
    f.name = "Contact us";
    f.owner_id = m_rep;
    f.submissions_per_hour = 2;
    return create_web_form(tx, a, f);
  });
  ASSERT_TRUE(form.ok()) << form.error().code();
  ASSERT_EQ(form->token.size(), 32u);
  const auto submit = [&](FormSubmission s, std::string token = {}) {
    // As the endpoint does: the count commits on its own, then the submission is filed.
    auto counted = database().write([&](db::Tx& tx) {
      return count_form_submission(tx, clock(), token.empty() ? form->token : token, s.remote);
    });
    if (!counted.ok()) return Result<FormOutcome>(counted.release_error());
    return database().write(
        [&](db::Tx& tx) { return file_form_submission(tx, clock(), *counted, s); });
  };
  FormSubmission person;
  person.remote = "203.0.113.7";
  person.name = "Robert'); DROP TABLE crm_leads;--";
  person.email = "bob@example.com";
  person.message = "<script>alert(1)</script>";
  auto accepted = submit(person);
  ASSERT_TRUE(accepted.ok()) << accepted.error().code();
  ASSERT_TRUE(accepted->lead_id.has_value());
  auto lead =
      as(m_admin, [&](db::Tx& tx, const Actor& a) { return get_lead(tx, a, *accepted->lead_id); });
  EXPECT_EQ(lead->input.contact_name, person.name);
  EXPECT_EQ(lead->input.message, person.message);
  EXPECT_EQ(lead->input.source, "web_form");
  EXPECT_EQ(lead->owner_id, m_rep);

  FormSubmission robot = person;
  robot.trap = "http://spam.example";
  auto trapped = submit(robot);
  ASSERT_TRUE(trapped.ok());
  EXPECT_FALSE(trapped->lead_id.has_value());
  auto limited = submit(person);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code(), "form_rate_limited");
  EXPECT_GT(limited.error().retry_after_s(), 0);
  FormSubmission elsewhere = person;
  elsewhere.remote = "198.51.100.1";
  elsewhere.email.clear();
  auto no_contact = submit(elsewhere);
  EXPECT_EQ(no_contact.error().code(), "input_invalid");
  // Refused submissions count too: a robot sending nothing usable is slowed down as well.
  EXPECT_EQ(submit(elsewhere).error().code(), "input_invalid");
  EXPECT_EQ(submit(elsewhere).error().code(), "form_rate_limited");
  EXPECT_EQ(submit(person, std::string(32, 'x')).error().code(), "form_not_found");
  auto count =
      database().read([&](db::Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM crm_leads"); });
  EXPECT_EQ((*count)->integer(0), 1);
  // The next hour the address may send again.
  m_clock->advance(std::chrono::hours(1));
  EXPECT_TRUE(submit(person).ok());
}

TEST_P(PipelineTest, csv_import_is_all_or_nothing) {
  auto campaign = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    Campaign c;
    c.name = "Fair";
    c.code = "fair-26";
    c.channel = "event";
    c.budget = Money::parse("100.00", Currency::from_code("EUR").value()).value();
    return create_campaign(tx, a, c);
  });
  ASSERT_TRUE(campaign.ok()) << campaign.error().code();
  const std::string good =
      "contact_name,company_name,email,employees,campaign_code\n"
      "王芳,杭州云端贸易,wang@yunduan.example,1200,fair-26\n"
      "\"Kazlauskienė, Rūta\",Baltijos,ruta@baltlog.example,,\n";
  const std::string bad = good + "Nobody,,broken-email,many,nope\n";
  auto dry =
      as(m_admin, [&](db::Tx& tx, const Actor& a) { return import_leads(tx, a, bad, false); });
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->rows, 3);
  EXPECT_EQ(dry->created, 0);
  ASSERT_FALSE(dry->errors.empty());
  EXPECT_EQ(dry->errors[0].field, "rows/3/employees");
  auto refused =
      as(m_admin, [&](db::Tx& tx, const Actor& a) { return import_leads(tx, a, bad, true); });
  EXPECT_EQ(refused.error().code(), "import_rows_invalid");
  auto none =
      database().read([&](db::Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM crm_leads"); });
  EXPECT_EQ((*none)->integer(0), 0);
  auto done =
      as(m_admin, [&](db::Tx& tx, const Actor& a) { return import_leads(tx, a, good, true); });
  ASSERT_TRUE(done.ok()) << done.error().code();
  EXPECT_EQ(done->created, 2);
  auto page = as(m_admin, [&](db::Tx& tx, const Actor& a) { return list_leads(tx, a, {}); });
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[1].input.campaign_id, campaign->id);
  EXPECT_EQ(page->items[1].input.source, "import");
  EXPECT_EQ(page->items[0].input.contact_name, "Kazlauskienė, Rūta");
  auto unknown = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return import_leads(tx, a, "contact_name,shoe_size\nA,42\n", false);
  });
  EXPECT_EQ(unknown.error().code(), "import_column_unknown");
  auto headless = as(m_admin, [&](db::Tx& tx, const Actor& a) {
    return import_leads(tx, a, "email\na@b.example\n", false);
  });
  EXPECT_EQ(headless.error().code(), "import_header_missing");
}

TEST_P(PipelineTest, tasks_become_overdue_reminders_until_done) {
  const auto partner = make_party("Porter & Sons", "james@porter.example");
  auto task = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) {
        ActivityInput in;
        in.kind = "task";
        in.subject = "Send the proposal";
        in.partner_id = partner;
        in.due_date = day("2026-03-12");
        return log_activity(tx, a, in);
      },
      http::Scope::own);
  ASSERT_TRUE(task.ok()) << task.error().code();
  EXPECT_FALSE(task->overdue);
  const auto reminders = [&](UserId user) {
    return as(
               user, [&](db::Tx& tx, const Actor& a) { return overdue_tasks(tx, a, 50); },
               http::Scope::own)
        .value()
        .size();
  };
  EXPECT_EQ(reminders(m_rep), 0u);
  m_clock->advance(std::chrono::hours(24 * 3));  // 2026-03-13
  EXPECT_EQ(reminders(m_rep), 1u);
  EXPECT_EQ(reminders(m_rep2), 0u);
  auto done = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) { return complete_task(tx, a, task->id, task->version); },
      http::Scope::own);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->done_at.has_value());
  EXPECT_EQ(reminders(m_rep), 0u);
  auto twice = as(
      m_rep,
      [&](db::Tx& tx, const Actor& a) { return complete_task(tx, a, task->id, done->version); },
      http::Scope::own);
  EXPECT_EQ(twice.error().code(), "activity_done");

  auto bad = as(m_rep, [&](db::Tx& tx, const Actor& a) {
    ActivityInput in;
    in.kind = "meeting";
    in.subject = "Demo";
    in.partner_id = partner;
    in.starts_at = "2026-03-20T11:00:00Z";
    in.ends_at = "2026-03-20T10:00:00Z";
    return log_activity(tx, a, in);
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().at(0).code, "activity_times_invalid");
  auto nowhere = as(m_rep, [&](db::Tx& tx, const Actor& a) {
    ActivityInput in;
    in.kind = "note";
    in.subject = "Floating";
    return log_activity(tx, a, in);
  });
  EXPECT_EQ(nowhere.error().fields().at(0).code, "activity_target_missing");
  auto two_targets = as(m_rep, [&](db::Tx& tx, const Actor& a) {
    TimelineQuery q;
    return timeline(tx, a, q);
  });
  EXPECT_EQ(two_targets.error().code(), "timeline_target_missing");
}

KEEL_INSTANTIATE_ENGINES(PipelineTest);

}  // namespace
}  // namespace keel::crm::test
