using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.Client.Tests
{
    /// <summary>
    /// The calls on an existing pairing: GET /pairings/{id}, the remote login and its state, DELETE and reconnect.
    /// A 401 on the remote login is the remote site refusing the credential and never renews the local session.
    /// </summary>
    public class PairingLifecycleTests
    {
        private const string LocalVc = "4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77";
        private const string RemoteVc = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02";
        private const string PairingId = "2f6a1c3e-8b4d-4e5f-9a7b-0c1d2e3f4a5b";
        private const string OtherPairingId = "9c1d2e3f-1111-4e5f-9a7b-0c1d2e3f4a5b";
        private const string RemoteUser = "remote-admin@vsphere.local";
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

        private static SrmCredential RemoteCredential() => TestData.Credential(RemoteUser, TestData.RemotePassword);

        private static string RemoteBasic =>
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(RemoteUser + ":" + TestData.RemotePassword));

        private static string PairingJson(string id, string remoteVc = RemoteVc, string remoteName = "vc-b.example.com") =>
            "{\"pairing_id\":\"" + id + "\"," +
            "\"local_vc_server\":{\"id\":\"" + LocalVc + "\",\"name\":\"vc-a.example.com\"}," +
            "\"remote_vc_server\":{\"id\":\"" + remoteVc + "\",\"name\":\"" + remoteName + "\"}," +
            "\"local_srm_server\":{\"id\":\"srm-a\",\"name\":\"srm-a.example.com\"}," +
            "\"remote_srm_server\":{\"id\":\"srm-b\",\"name\":\"srm-b.example.com\",\"server_status\":\"OK\"}}";

        private static string ResponseError(string code, string message) =>
            "{\"error_code\":\"" + code + "\",\"message\":\"" + message + "\",\"op_id\":\"" + TestData.OpId + "\"}";

        private static string[] Requests(FakeSrmHandler handler) => handler.Requests.Select(r => r.ToString()).ToArray();

        private static void AssertNoSecrets(string text)
        {
            Assert.DoesNotContain(TestData.Password, text);
            Assert.DoesNotContain(TestData.RemotePassword, text);
            Assert.DoesNotContain(TestData.SessionId, text);
            Assert.DoesNotContain(RemoteBasic.Substring("Basic ".Length), text);
        }

        [Fact]
        public async Task The_remote_login_posts_to_remote_session_with_the_local_session_and_the_remote_basic_credential()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.NoContent);

            await client.LoginRemoteSiteAsync(PairingId, RemoteCredential(), CancellationToken.None).WaitAsync(Guard);

            var login = handler.Requests.Last();
            Assert.Equal("POST /pairings/" + PairingId + "/remote-session", login.ToString());
            Assert.Equal(TestData.SessionId, login.Header("x-dr-session"));
            Assert.Equal(RemoteBasic, login.Header("Authorization"));
            Assert.Null(login.Body);
        }

        [Fact]
        public async Task A_401_on_the_remote_login_is_the_remote_site_refusing_the_credential_and_does_not_renew_the_local_session()
        {
            var lines = new List<string>();
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.Traced(lines.Add));
            handler.Enqueue(HttpStatusCode.Unauthorized)
                .Enqueue(HttpStatusCode.OK, "{\"session_id\":\"" + TestData.SessionId + "\"}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                client.LoginRemoteSiteAsync(PairingId, RemoteCredential(), CancellationToken.None).WaitAsync(Guard));

            Assert.Equal(SrmErrorKind.RemoteLoginRefused, ex.Kind);
            Assert.Equal(401, ex.StatusCode);
            Assert.Contains("remote site", ex.Message, StringComparison.Ordinal);
            Assert.Contains("refused the credentials", ex.Message, StringComparison.Ordinal);
            Assert.Contains(RemoteUser, ex.Message, StringComparison.Ordinal);
            // Checked with GET /session, which said the local session is fine: no second POST /session.
            Assert.Equal(new[] { "POST /session", "POST /pairings/" + PairingId + "/remote-session", "GET /session" }, Requests(handler));
            Assert.Equal(TestData.SessionId, handler.Requests[2].Header("x-dr-session"));
            Assert.True(client.HasSession);
            AssertNoSecrets(ex.Message + "\n" + string.Join("\n", lines));
        }

        [Fact]
        public async Task A_401_on_the_remote_login_while_the_local_session_expired_renews_it_and_logs_in_remotely_once_more()
        {
            const string renewed = "SESSION-RENEWED-11aa22bb";
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized)                                       // remote login: local session gone
                .Enqueue(HttpStatusCode.Unauthorized)                                          // GET /session: indeed
                .EnqueueLogin(renewed)                                                         // the kept credential
                .Enqueue(HttpStatusCode.OK, "{\"session_id\":\"" + renewed + "\"}")            // GET /session again
                .Enqueue(HttpStatusCode.NoContent);                                            // the remote login

            await client.LoginRemoteSiteAsync(PairingId, RemoteCredential(), CancellationToken.None).WaitAsync(Guard);

            var remote = "POST /pairings/" + PairingId + "/remote-session";
            Assert.Equal(new[] { "POST /session", remote, "GET /session", "POST /session", "GET /session", remote }, Requests(handler));
            Assert.Equal(renewed, handler.Requests.Last().Header("x-dr-session"));
            Assert.Equal(RemoteBasic, handler.Requests.Last().Header("Authorization"));
        }

        [Fact]
        public async Task The_remote_login_state_is_the_user_name_or_null_for_404()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"username\":\"" + RemoteUser + "\"}").Enqueue(HttpStatusCode.NotFound);

            Assert.Equal(RemoteUser, await client.GetRemoteSessionUserAsync(PairingId, CancellationToken.None).WaitAsync(Guard));
            Assert.Null(await client.GetRemoteSessionUserAsync(PairingId, CancellationToken.None).WaitAsync(Guard));
            Assert.All(handler.Requests.Skip(1), r => Assert.Equal("GET /pairings/" + PairingId + "/remote-session", r.ToString()));
        }

        [Fact]
        public async Task Get_pairing_reads_one_pairing_and_names_an_unknown_id()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingJson(PairingId)).Enqueue(HttpStatusCode.NotFound);

            var pairing = await client.GetPairingAsync(PairingId, CancellationToken.None).WaitAsync(Guard);
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetPairingAsync("no/such id", CancellationToken.None).WaitAsync(Guard));

            Assert.Equal(PairingId, pairing.PairingId);
            Assert.Equal(RemoteVc, pairing.RemoteVcGuid);
            Assert.Null(pairing.IsRemoteLoggedIn);
            Assert.Equal(SrmErrorKind.NotFound, ex.Kind);
            Assert.Contains("There is no pairing no/such id", ex.Message, StringComparison.Ordinal);
            Assert.Equal("/pairings/no%2Fsuch%20id", handler.Requests.Last().ApiPath);
        }

        [Fact]
        public async Task Delete_returns_the_task_and_maps_remote_site_not_authenticated_and_404()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Accepted, TestData.TaskJson("t-del", "QUEUED"))
                .Enqueue(HttpStatusCode.BadRequest, ResponseError("REMOTE_SITE_NOT_AUTHENTICATED", "Log in to the remote site first."))
                .Enqueue(HttpStatusCode.NotFound);

            var task = await client.DeletePairingAsync(PairingId, CancellationToken.None).WaitAsync(Guard);
            var notLoggedIn = await Assert.ThrowsAsync<SrmApiException>(() => client.DeletePairingAsync(PairingId, CancellationToken.None).WaitAsync(Guard));
            var notFound = await Assert.ThrowsAsync<SrmApiException>(() => client.DeletePairingAsync(PairingId, CancellationToken.None).WaitAsync(Guard));

            Assert.Equal("t-del", task.Id);
            Assert.Equal("DELETE /pairings/" + PairingId, handler.Requests[1].ToString());
            Assert.Null(handler.Requests[1].Body);
            Assert.Equal(SrmErrorKind.RemoteSiteNotLoggedIn, notLoggedIn.Kind);
            Assert.Contains("-RemoteCredential", notLoggedIn.Message, StringComparison.Ordinal);
            Assert.Contains(TestData.OpId, notLoggedIn.Message, StringComparison.Ordinal);
            Assert.Equal(SrmErrorKind.NotFound, notFound.Kind);
        }

        [Fact]
        public async Task Reconnect_posts_the_pairing_spec_once()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Accepted, TestData.TaskJson("t-rep", "QUEUED"));

            var task = await client.ReconnectPairingAsync(PairingId, TestData.Spec(thumbprint: "AB:CD"), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("t-rep", task.Id);
            var request = handler.Requests.Last();
            Assert.Equal("POST /pairings/" + PairingId + "/actions/reconnect", request.ToString());
            Assert.StartsWith("application/json", request.ContentHeaders["Content-Type"], StringComparison.Ordinal);
            var body = JObject.Parse(request.Body!);
            Assert.Equal("vc-b.example.com", (string?)body["pair_psc_info"]!["url"]);
            Assert.Equal("AB:CD", (string?)body["pair_psc_info"]!["thumbprint"]);
            Assert.Equal(TestData.RemotePassword, (string?)body["pair_psc_info"]!["password"]);
            Assert.Equal("9a8b7c6d-1111-2222-3333-444455556666", (string?)body["pair_vc_guid"]);
        }

        [Fact]
        public async Task Reconnect_is_not_repeated_after_a_gateway_error()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.BadGateway);

            await Assert.ThrowsAsync<SrmApiException>(() =>
                client.ReconnectPairingAsync(PairingId, TestData.Spec(), CancellationToken.None).WaitAsync(Guard));

            Assert.Equal(1, handler.Requests.Count(r => r.ApiPath.EndsWith("/actions/reconnect", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task Remove_without_a_remote_login_sends_no_delete()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.NotFound);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                connection.Pairings.RemoveAsync(PairingId, null, CancellationToken.None).WaitAsync(Guard));

            Assert.Equal(SrmErrorKind.RemoteSiteNotLoggedIn, ex.Kind);
            Assert.Equal("GET /pairings/" + PairingId + "/remote-session", handler.Requests.Last().ToString());
            Assert.DoesNotContain(handler.Requests, r => r.Method == HttpMethod.Delete);
        }

        [Fact]
        public async Task Remove_with_a_remote_credential_logs_in_first_then_deletes()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.NoContent).Enqueue(HttpStatusCode.Accepted, TestData.TaskJson("t-del", "QUEUED"));

            var task = await connection.Pairings.RemoveAsync(PairingId, RemoteCredential(), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("t-del", task.Id);
            Assert.Same(connection, task.Connection);
            Assert.Equal(new[] { "POST /pairings/" + PairingId + "/remote-session", "DELETE /pairings/" + PairingId }, Requests(handler).Skip(2));
        }

        [Fact]
        public async Task Connect_remote_site_logs_in_and_returns_the_pairing_read_again_as_logged_in()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.NoContent).Enqueue(HttpStatusCode.OK, PairingJson(PairingId));

            var pairing = await connection.Pairings.LoginRemoteAsync(PairingId, RemoteCredential(), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(PairingId, pairing.PairingId);
            Assert.Equal(RemoteUser, pairing.RemoteSessionUser);
            Assert.True(pairing.IsRemoteLoggedIn);
            Assert.Equal(new[] { "POST /pairings/" + PairingId + "/remote-session", "GET /pairings/" + PairingId }, Requests(handler).Skip(2));
        }

        [Fact]
        public async Task Connect_all_remote_sites_skips_the_self_entry_and_goes_on_after_a_refusal()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            var list = "{\"list\":[" + PairingJson("self-id", LocalVc, "vc-a.example.com") + "," + PairingJson(PairingId) + "," +
                       PairingJson(OtherPairingId, "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03", "vc-c.example.com") + "],\"_meta\":{\"total\":3}}";
            handler.Enqueue(HttpStatusCode.OK, list)
                .Enqueue(HttpStatusCode.Unauthorized)
                .Enqueue(HttpStatusCode.OK, "{\"session_id\":\"" + TestData.SessionId + "\"}")
                .Enqueue(HttpStatusCode.NoContent);

            var outcomes = await connection.Pairings.LoginRemoteAllAsync(RemoteCredential(), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(new[] { PairingId, OtherPairingId }, outcomes.Select(o => o.Pairing.PairingId));
            Assert.Equal(SrmErrorKind.RemoteLoginRefused, outcomes[0].Error?.Kind);
            Assert.False(outcomes[0].Pairing.IsRemoteLoggedIn);
            Assert.Null(outcomes[1].Error);
            Assert.Equal(RemoteUser, outcomes[1].Pairing.RemoteSessionUser);
            Assert.DoesNotContain(handler.Requests, r => r.ApiPath.Contains("self-id", StringComparison.Ordinal));
            Assert.Equal(1, handler.Requests.Count(r => r.ToString() == "POST /session"));
        }

        [Fact]
        public async Task Read_remote_sessions_asks_once_per_pairing_and_not_for_the_self_entry()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"list\":[" + PairingJson("self-id", LocalVc) + "," + PairingJson(PairingId) + "]}")
                .Enqueue(HttpStatusCode.OK, "{\"username\":\"" + RemoteUser + "\"}");
            var pairings = await connection.Client.GetPairingsAsync(CancellationToken.None).WaitAsync(Guard);

            await connection.Pairings.ReadRemoteSessionsAsync(pairings, CancellationToken.None).WaitAsync(Guard);

            Assert.Null(pairings[0].IsRemoteLoggedIn);
            Assert.True(pairings[1].IsRemoteLoggedIn);
            Assert.Equal(RemoteUser, pairings[1].RemoteSessionUser);
            Assert.Equal(1, handler.Requests.Count(r => r.ApiPath.EndsWith("/remote-session", StringComparison.Ordinal)));
        }
    
        [Fact]
        public async Task A_401_on_the_remote_login_state_with_a_valid_local_session_is_not_logged_in_without_a_new_login()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized)
                .Enqueue(HttpStatusCode.OK, "{\"username\":\"" + TestData.User + "\"}");

            var user = await client.GetRemoteSessionUserAsync(PairingId, CancellationToken.None).WaitAsync(Guard);

            Assert.Null(user);
            Assert.Equal(new[] { "POST /session", "GET /pairings/" + PairingId + "/remote-session", "GET /session" }, Requests(handler));
            Assert.True(client.HasSession);
        }

        [Fact]
        public async Task A_401_on_the_remote_login_state_while_the_local_session_expired_renews_it_and_reads_the_state_again()
        {
            const string renewed = "SESSION-RENEWED-33cc44dd";
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized)                                       // remote-session: local session gone
                .Enqueue(HttpStatusCode.Unauthorized)                                          // GET /session: indeed
                .EnqueueLogin(renewed)                                                         // the kept credential
                .Enqueue(HttpStatusCode.OK, "{\"username\":\"" + TestData.User + "\"}")       // GET /session again
                .Enqueue(HttpStatusCode.NotFound);                                             // remote-session, read again

            var user = await client.GetRemoteSessionUserAsync(PairingId, CancellationToken.None).WaitAsync(Guard);

            Assert.Null(user);
            var state = "GET /pairings/" + PairingId + "/remote-session";
            Assert.Equal(new[] { "POST /session", state, "GET /session", "POST /session", "GET /session", state }, Requests(handler));
            Assert.Equal(renewed, handler.Requests.Last().Header("x-dr-session"));
        }

        [Fact]
        public async Task Read_remote_sessions_takes_401_and_404_for_not_logged_in_and_leaves_a_500_unknown_without_throwing()
        {
            const string ThirdId = "5e5e5e5e-2222-4e5f-9a7b-0c1d2e3f4a5b";
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"list\":[" + PairingJson(PairingId) + "," +
                                               PairingJson(OtherPairingId, "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03") + "," +
                                               PairingJson(ThirdId, "1a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c04") + "]}")
                .Enqueue(HttpStatusCode.Unauthorized)                                           // first: 401 ...
                .Enqueue(HttpStatusCode.OK, "{\"username\":\"" + TestData.User + "\"}")        // ... with a valid session
                .Enqueue(HttpStatusCode.InternalServerError, ResponseError("INTERNAL_ERROR", "Something broke"))
                .Enqueue(HttpStatusCode.NotFound);
            var pairings = await connection.Client.GetPairingsAsync(CancellationToken.None).WaitAsync(Guard);

            var failures = await connection.Pairings.ReadRemoteSessionsAsync(pairings, CancellationToken.None).WaitAsync(Guard);

            Assert.False(pairings[0].IsRemoteLoggedIn);
            Assert.Null(pairings[1].IsRemoteLoggedIn);
            Assert.Null(pairings[1].RemoteSessionUser);
            Assert.False(pairings[2].IsRemoteLoggedIn);
            var failure = Assert.Single(failures);
            Assert.Same(pairings[1], failure.Pairing);
            Assert.Equal(500, failure.Error?.StatusCode);
            Assert.Equal(1, handler.Requests.Count(r => r.ToString() == "POST /session"));
        }

        [Fact]
        public async Task Remove_sends_the_delete_when_the_remote_login_state_cannot_be_read()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.Forbidden, ResponseError("FORBIDDEN", "No permission"))
                .Enqueue(HttpStatusCode.Accepted, TestData.TaskJson("t-del", "QUEUED"));

            var task = await connection.Pairings.RemoveAsync(PairingId, null, CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("t-del", task.Id);
            Assert.Equal(new[] { "GET /pairings/" + PairingId + "/remote-session", "DELETE /pairings/" + PairingId }, Requests(handler).Skip(2));
        }

        [Fact]
        public async Task Remove_takes_a_401_on_the_remote_login_state_with_a_valid_session_for_not_logged_in()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized).Enqueue(HttpStatusCode.OK, "{\"username\":\"" + TestData.User + "\"}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                connection.Pairings.RemoveAsync(PairingId, null, CancellationToken.None).WaitAsync(Guard));

            Assert.Equal(SrmErrorKind.RemoteSiteNotLoggedIn, ex.Kind);
            Assert.DoesNotContain(handler.Requests, r => r.Method == HttpMethod.Delete);
            Assert.Equal(1, handler.Requests.Count(r => r.ToString() == "POST /session"));
        }
    }
}
