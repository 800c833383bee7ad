#include "keel/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "keel/testing/database.h"
#include "test_support.h"

namespace keel::http {
namespace {

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
};

// One request over a fresh loopback connection with "Connection: close", read to EOF: the
// bytes on the wire, with no client library in between. status 0: the connection failed.
RawResponse raw_request(std::uint16_t port, const std::string& request) {
  RawResponse out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return out;
  }
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string data;
  char buffer[65536];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) data.append(buffer, n);
  ::close(fd);
  std::size_t end = data.find("\r\n\r\n");
  if (data.size() < 12 || end == std::string::npos) return out;
  out.status = std::stoi(data.substr(9, 3));
  out.head = data.substr(0, end);
  out.body = data.substr(end + 4);
  return out;
}

// A keep-alive connection that reads one response at a time (by Content-Length).
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { ::close(m_fd); }

  RawResponse exchange(const std::string& request) {
    RawResponse out;
    if (!m_connected || ::send(m_fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
      return out;
    }
    std::string data;
    char buffer[4096];
    std::size_t end = std::string::npos, length = 0;
    while (end == std::string::npos || data.size() < end + 4 + length) {
      ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
      if (n <= 0) return out;
      data.append(buffer, n);
      end = data.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      std::size_t field = data.find("Content-Length: ");
      length = field < end ? std::stoul(data.substr(field + 16)) : 0;
    }
    out.status = std::stoi(data.substr(9, 3));
    out.head = data.substr(0, end);
    out.body = data.substr(end + 4, length);
    return out;
  }

 private:
  int m_fd;
  bool m_connected = false;
};

std::string http_request(std::string method, std::string target, std::string body = {},
                         std::string extra_headers = {}) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string code_of(const RawResponse& response) {
  return nlohmann::json::parse(response.body, nullptr, false).value("code", "");
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_database = keel::testing::fresh_database(db::Engine::sqlite);
    KEEL_ASSERT_OK(test::create_test_table(*m_database));
    test::add_test_routes(m_router, [this] { m_slow_entered.set_value(); });
    m_web_dir = std::filesystem::temp_directory_path() /
                ("keel-web-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_web_dir / "assets");
    std::ofstream(m_web_dir / "index.html") << "<!doctype html><title>Keel</title>";
    std::ofstream(m_web_dir / "assets" / "app.js") << "console.log(1)";
    ServerOptions options;
    options.port = 0;
    options.web_dir = m_web_dir.string();
    options.handle_signals = false;
    m_server.emplace(m_router, *m_database, m_authenticator, m_clock, options);
    auto port = m_server->start();
    KEEL_ASSERT_OK(port);
    m_port = port.value();
    m_runner = std::thread([this] { m_run_result = m_server->run(); });
  }

  void TearDown() override {
    m_server->request_stop();
    if (m_runner.joinable()) m_runner.join();
    m_server.reset();
    std::filesystem::remove_all(m_web_dir);
  }

  std::unique_ptr<db::Database> m_database;
  Router m_router;
  test::TestAuthenticator m_authenticator;
  SystemClock m_clock;
  std::promise<void> m_slow_entered;
  std::filesystem::path m_web_dir;
  std::optional<Server> m_server;
  std::uint16_t m_port = 0;
  std::thread m_runner;
  Result<void> m_run_result;
};

constexpr const char* kJson = "Content-Type: application/json\r\nAuthorization: Bearer user-1\r\n";

TEST_F(ServerTest, AnswersHealthzWithoutTheDatabase) {
  RawResponse response = raw_request(m_port, http_request("GET", "/healthz"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body), nlohmann::json({{"status", "ok"}}));
  EXPECT_NE(response.head.find("X-Content-Type-Options: nosniff"), std::string::npos);
}

TEST_F(ServerTest, ServesJsonPostsThroughTheDispatcher) {
  RawResponse response =
      raw_request(m_port, http_request("POST", "/api/v1/items", R"({"name":"wire"})", kJson));
  ASSERT_EQ(response.status, 201) << response.head << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body)["name"], "wire");
  EXPECT_NE(response.head.find("Cache-Control: no-store"), std::string::npos);
  EXPECT_EQ(test::count_items(*m_database), 1);
  RawResponse listed = raw_request(
      m_port, http_request("GET", "/api/v1/items?q=a%20b", "", "Authorization: Bearer user-1\r\n"));
  EXPECT_EQ(nlohmann::json::parse(listed.body)["q"], "a b");
  RawResponse bad_query = raw_request(
      m_port, http_request("GET", "/api/v1/items?q=%zz", "", "Authorization: Bearer user-1\r\n"));
  EXPECT_EQ(bad_query.status, 400);
  EXPECT_EQ(code_of(bad_query), "query_string_invalid");
  RawResponse head = raw_request(m_port, http_request("OPTIONS", "/api/v1/items"));
  EXPECT_EQ(head.status, 405);
  EXPECT_EQ(code_of(head), "method_not_allowed");
}

TEST_F(ServerTest, RefusesAnOversizedBodyWith413) {
  std::string body(limits::kRequestBodyBytesMax + 1, ' ');
  RawResponse response = raw_request(m_port, http_request("POST", "/api/v1/items", body, kJson));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(code_of(response), "body_too_large");
  EXPECT_NE(response.head.find("application/problem+json"), std::string::npos);
}

TEST_F(ServerTest, ServesStaticFilesInsideTheWebDirectoryOnly) {
  RawResponse script = raw_request(m_port, http_request("GET", "/assets/app.js"));
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log(1)");
  EXPECT_NE(script.head.find("text/javascript"), std::string::npos);
  RawResponse screen = raw_request(m_port, http_request("GET", "/partners/42"));
  EXPECT_EQ(screen.status, 200);
  EXPECT_NE(screen.body.find("<title>Keel</title>"), std::string::npos);
  EXPECT_EQ(raw_request(m_port, http_request("GET", "/")).status, 200);
  EXPECT_EQ(raw_request(m_port, http_request("GET", "/missing.js")).status, 404);
  for (const char* escape :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd"}) {
    RawResponse response = raw_request(m_port, http_request("GET", escape));
    EXPECT_EQ(response.body.find("root:"), std::string::npos) << escape;
    EXPECT_NE(response.status, 0) << escape;
  }
}

TEST_F(ServerTest, AnswersInFlightRequestsWhenStopping) {
  auto slow = std::async(std::launch::async, [this] {
    return raw_request(m_port,
                       http_request("POST", "/api/v1/items/slow", R"({"name":"s"})", kJson));
  });
  m_slow_entered.get_future().wait();
  m_server->request_stop();
  RawResponse response = slow.get();
  EXPECT_EQ(response.status, 201) << response.head;
  m_runner.join();
  KEEL_EXPECT_OK(m_run_result);
  EXPECT_EQ(test::count_items(*m_database), 1);
  // The listening socket is closed: nothing new gets in.
  EXPECT_EQ(raw_request(m_port, http_request("GET", "/healthz")).status, 0);
}

TEST_F(ServerTest, RefusesNewRequestsOnOpenConnectionsWhileDraining) {
  RawConnection idle(m_port);
  std::string keep_alive = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(idle.exchange(keep_alive).status, 200);
  auto slow = std::async(std::launch::async, [this] {
    return raw_request(m_port,
                       http_request("POST", "/api/v1/items/slow", R"({"name":"s"})", kJson));
  });
  m_slow_entered.get_future().wait();
  m_server->request_stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RawResponse refused = idle.exchange(keep_alive);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(code_of(refused), "server_shutting_down");
  EXPECT_NE(refused.head.find("Retry-After: 1"), std::string::npos);
  EXPECT_EQ(slow.get().status, 201);
}

TEST_F(ServerTest, ReportsAPortInUse) {
  ServerOptions options;
  options.port = m_port;
  options.handle_signals = false;
  Server second(m_router, *m_database, m_authenticator, m_clock, options);
  KEEL_ASSERT_ERROR(second.start(), "server_listen_failed");
  options.port = 0;
  options.web_dir = "/nonexistent/keel-web";
  Server third(m_router, *m_database, m_authenticator, m_clock, options);
  KEEL_ASSERT_ERROR(third.start(), "server_listen_failed");
}

TEST_F(ServerTest, StopsOnSigterm) {
  ServerOptions options;
  options.port = 0;
  options.handle_signals = true;
  Server server(m_router, *m_database, m_authenticator, m_clock, options);
  KEEL_ASSERT_OK(server.start());
  auto ran = std::async(std::launch::async, [&server] { return server.run(); });
  std::raise(SIGTERM);
  ASSERT_EQ(ran.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  KEEL_EXPECT_OK(ran.get());
}

}  // namespace
}  // namespace keel::http
