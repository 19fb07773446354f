using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class RequestBuildingTests
    {
        [Fact]
        public async Task Login_posts_session_with_basic_authorization_and_no_session_header()
        {
            var handler = new FakeSrmHandler().EnqueueLogin();
            using var client = TestData.Client(handler);

            await client.LoginAsync(TestData.Credential(), CancellationToken.None);

            var login = Assert.Single(handler.Requests);
            Assert.Equal(HttpMethod.Post, login.Method);
            Assert.Equal(TestData.BaseUrl + "/session", login.Uri.ToString());
            var authorization = login.Header("Authorization");
            Assert.NotNull(authorization);
            Assert.StartsWith("Basic ", authorization, StringComparison.Ordinal);
            Assert.Equal(TestData.User + ":" + TestData.Password,
                Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Substring("Basic ".Length))));
            Assert.Null(login.Header("x-dr-session"));
            Assert.True(client.HasSession);
        }

        [Fact]
        public async Task Later_calls_send_the_session_id_from_the_login_body_and_no_authorization()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"));

            await client.GetServerInfoAsync(CancellationToken.None);
            await client.GetTaskAsync("t-1", CancellationToken.None);

            var later = handler.Requests.Skip(1).ToList();
            Assert.Equal(2, later.Count);
            Assert.All(later, r =>
            {
                Assert.Equal(TestData.SessionId, r.Header("x-dr-session"));
                Assert.Null(r.Header("Authorization"));
                Assert.Contains("application/json", r.Header("Accept"));
                Assert.DoesNotContain(TestData.SessionId, r.Uri.ToString());
                Assert.All(r.Headers.Where(h => !h.Key.Equals("x-dr-session", StringComparison.OrdinalIgnoreCase)),
                    h => Assert.DoesNotContain(TestData.SessionId, h.Value));
            });
            Assert.Equal(TestData.BaseUrl + "/server/info", later[0].Uri.ToString());
            Assert.Equal(TestData.BaseUrl + "/tasks/t-1", later[1].Uri.ToString());
        }

        [Fact]
        public async Task Urls_are_the_base_plus_the_path_with_the_port_when_not_443()
        {
            var handler = new FakeSrmHandler().EnqueueLogin().Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);
            using var client = new SrmClient(SrmEndpoint.Parse("https://srm-b.example.com:9443/api/rest/srm/v2/"), TestData.FastOptions(), handler);

            await client.LoginAsync(TestData.Credential(), CancellationToken.None);
            await client.GetServerInfoAsync(CancellationToken.None);

            Assert.Equal(
                new[] { "https://srm-b.example.com:9443/api/rest/srm/v2/session", "https://srm-b.example.com:9443/api/rest/srm/v2/server/info" },
                handler.Requests.Select(r => r.Uri.ToString()));
        }

        [Fact]
        public async Task Task_id_is_escaped_in_the_path()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("a/b c"));

            await client.GetTaskAsync("a/b c", CancellationToken.None);

            Assert.Equal("/tasks/a%2Fb%20c", handler.Requests[1].ApiPathAndQuery);
        }

        [Fact]
        public async Task Tasks_by_id_is_one_filtered_list_request()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TestData.TaskJson("t-1"), TestData.TaskJson("t-3")));

            var tasks = await client.GetTasksByIdAsync(new[] { "t-1", "t-2", "t-3" }, CancellationToken.None);

            var request = Assert.Single(handler.Requests.Skip(1));
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Equal("/tasks?filter_property=id&filter=t-1&filter=t-2&filter=t-3&limit=3", request.ApiPathAndQuery);
            Assert.Equal(new[] { "t-1", "t-3" }, tasks.Select(t => t.Id));
        }

        [Fact]
        public async Task Tasks_by_id_escapes_the_ids()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskListJson());

            await client.GetTasksByIdAsync(new[] { "a&b", "c=d" }, CancellationToken.None);

            Assert.Equal("/tasks?filter_property=id&filter=a%26b&filter=c%3Dd&limit=2", handler.Requests[1].ApiPathAndQuery);
        }

        [Fact]
        public async Task Long_id_lists_are_split_into_batches_of_bounded_url_length()
        {
            var ids = Enumerable.Range(0, 250).Select(i => Guid.NewGuid().ToString()).ToList();
            var handler = new FakeSrmHandler
            {
                Responder = r => FakeSrmHandler.Json(TestData.TaskListJson(
                    ParseQuery(r.ApiPathAndQuery).Where(p => p.Key == "filter").Select(p => TestData.TaskJson(p.Value, "SUCCESS", 100)).ToArray())),
            };
            using var client = await TestData.LoggedInClient(handler);

            var tasks = await client.GetTasksByIdAsync(ids, CancellationToken.None);

            var lists = handler.Requests.Skip(1).ToList();
            Assert.True(lists.Count >= 2, "250 ids should need more than one request");
            var asked = new List<string>();
            foreach (var request in lists)
            {
                Assert.Equal("/tasks", request.ApiPath);
                Assert.True(request.Uri.PathAndQuery.Length <= SrmClient.MaxRequestTargetLength, "Request target too long: " + request.Uri.PathAndQuery.Length);
                var query = ParseQuery(request.ApiPathAndQuery);
                Assert.Equal("id", Assert.Single(query, p => p.Key == "filter_property").Value);
                var filters = query.Where(p => p.Key == "filter").Select(p => p.Value).ToList();
                Assert.Equal(filters.Count.ToString(), Assert.Single(query, p => p.Key == "limit").Value);
                asked.AddRange(filters);
            }

            Assert.Equal(ids, asked);
            Assert.Equal(ids, tasks.Select(t => t.Id));
        }

        [Fact]
        public async Task Two_hundred_srm_task_ids_fit_one_request()
        {
            // A wait for 200 pairings is one request per round (ids as SRM gives them, e.g. pairing-task-123).
            var ids = Enumerable.Range(1000, 200).Select(i => "pairing-task-" + i).ToList();
            var handler = new FakeSrmHandler
            {
                Responder = r => FakeSrmHandler.Json(TestData.TaskListJson(
                    ParseQuery(r.ApiPathAndQuery).Where(p => p.Key == "filter").Select(p => TestData.TaskJson(p.Value, "SUCCESS", 100)).ToArray())),
            };
            using var client = await TestData.LoggedInClient(handler);

            var tasks = await client.GetTasksByIdAsync(ids, CancellationToken.None);

            var request = Assert.Single(handler.Requests.Skip(1));
            Assert.True(request.Uri.PathAndQuery.Length <= SrmClient.MaxRequestTargetLength, "Request target too long: " + request.Uri.PathAndQuery.Length);
            Assert.Equal(ids, tasks.Select(t => t.Id));
        }

        [Fact]
        public async Task Pairing_request_is_json_with_a_known_length_and_no_retry_of_the_body()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-task-1", "QUEUED"));

            var task = await client.CreatePairingAsync(TestData.Spec(), CancellationToken.None);

            Assert.Equal("pair-task-1", task.Id);
            var request = handler.Requests[1];
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal(TestData.BaseUrl + "/pairings", request.Uri.ToString());
            Assert.Equal(TestData.SessionId, request.Header("x-dr-session"));
            Assert.StartsWith("application/json", request.ContentHeaders["Content-Type"], StringComparison.Ordinal);
            Assert.Equal(Encoding.UTF8.GetByteCount(request.Body!), request.ContentLength);
            Assert.Null(request.Header("Transfer-Encoding"));
        }

        [Fact]
        public async Task Pairing_body_has_every_field_with_nulls_when_not_given()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-task-1", "QUEUED"));

            await client.CreatePairingAsync(TestData.Spec(), CancellationToken.None);

            var body = JObject.Parse(handler.Requests[1].Body!);
            var expected = JObject.Parse(@"{
                ""pair_psc_info"": { ""url"": ""vc-b.example.com"", ""port"": 443, ""thumbprint"": null,
                                     ""username"": ""administrator@vsphere.local"", ""password"": """ + TestData.RemotePassword + @""" },
                ""pair_vc_guid"": ""9a8b7c6d-1111-2222-3333-444455556666"",
                ""pair_srm_thumbprint"": null,
                ""pair_srm_url"": null }");
            Assert.True(JToken.DeepEquals(expected, body), body.ToString());
        }

        [Fact]
        public async Task Pairing_body_carries_the_optional_fields_when_given()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-task-1", "QUEUED"));
            var spec = TestData.Spec(thumbprint: "AA:BB", srmUrl: "https://srm-b.example.com", srmThumbprint: "CC:DD");
            spec.PscPort = 8443;

            await client.CreatePairingAsync(spec, CancellationToken.None);

            var body = JObject.Parse(handler.Requests[1].Body!);
            Assert.Equal(8443, (int?)body["pair_psc_info"]!["port"]);
            Assert.Equal("AA:BB", (string?)body["pair_psc_info"]!["thumbprint"]);
            Assert.Equal("https://srm-b.example.com", (string?)body["pair_srm_url"]);
            Assert.Equal("CC:DD", (string?)body["pair_srm_thumbprint"]);
        }

        [Fact]
        public async Task Logout_deletes_the_session_and_forgets_it()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.NoContent);

            await client.LogoutAsync(CancellationToken.None);

            var logout = handler.Requests[1];
            Assert.Equal(HttpMethod.Delete, logout.Method);
            Assert.Equal("/session", logout.ApiPathAndQuery);
            Assert.Equal(TestData.SessionId, logout.Header("x-dr-session"));
            Assert.False(client.HasSession);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));
            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task Calls_before_login_fail_without_a_request()
        {
            var handler = new FakeSrmHandler();
            using var client = TestData.Client(handler);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public async Task Login_without_a_session_id_is_an_invalid_response()
        {
            var handler = new FakeSrmHandler().Enqueue(HttpStatusCode.OK, "{\"session_id\":\"\"}");
            using var client = TestData.Client(handler);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.False(client.HasSession);
        }

        [Fact]
        public async Task Pairings_are_read_page_by_page_with_limit_and_offset()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingMappingTests.PairingListJson(0, 100, total: 130));
            handler.Enqueue(HttpStatusCode.OK, PairingMappingTests.PairingListJson(100, 30, total: 130));

            var pairings = await client.GetPairingsAsync(CancellationToken.None);

            Assert.Equal(new[] { "/pairings?limit=100&offset=0", "/pairings?limit=100&offset=100" },
                handler.Requests.Skip(1).Select(r => r.ApiPathAndQuery));
            Assert.Equal(130, pairings.Count);
            Assert.Equal(130, pairings.Select(p => p.PairingId).Distinct().Count());
        }

        internal static List<KeyValuePair<string, string>> ParseQuery(string pathAndQuery)
        {
            var query = pathAndQuery.Contains('?') ? pathAndQuery.Substring(pathAndQuery.IndexOf('?') + 1) : string.Empty;
            return query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2))
                .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty))
                .ToList();
        }
    }
}
