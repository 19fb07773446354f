using System.Net;
using System.Reflection;
using System.Text;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>
    /// A 401 on a session that worked: the client logs in again once with the credential it kept and repeats the
    /// request once with the new session; never more, never after Disconnect, never with a secret in a message.
    /// </summary>
    public class SessionRenewalTests
    {
        private const string NewSessionId = "SESSION-RENEWED-5e0a9b71-c3d2";
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

        private static string ExpectedBasic =>
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TestData.User + ":" + TestData.Password));

        private static void AssertNoSecrets(string text)
        {
            Assert.DoesNotContain(TestData.Password, text);
            Assert.DoesNotContain(TestData.SessionId, text);
            Assert.DoesNotContain(NewSessionId, text);
            Assert.DoesNotContain(ExpectedBasic.Substring("Basic ".Length), text);
        }

        private static HttpResponseMessage Login(string sessionId) => FakeSrmHandler.Json("{\"session_id\":\"" + sessionId + "\"}");

        private static int Count(FakeSrmHandler handler, string request) => handler.Requests.Count(r => r.ToString() == request);

        [Fact]
        public async Task A_401_on_get_task_logs_in_again_and_repeats_the_get_once_with_the_new_session()
        {
            var lines = new List<string>();
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.Traced(lines.Add));
            handler.Enqueue(HttpStatusCode.Unauthorized).EnqueueLogin(NewSessionId).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1", "RUNNING", 40));

            var task = await client.GetTaskAsync("t-1", CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("t-1", task.Id);
            Assert.Equal(40, task.Progress);
            var requests = handler.Requests;
            Assert.Equal(new[] { "POST /session", "GET /tasks/t-1", "POST /session", "GET /tasks/t-1" }, requests.Select(r => r.ToString()));
            Assert.Equal(ExpectedBasic, requests[0].Header("Authorization"));
            Assert.Equal(TestData.SessionId, requests[1].Header("x-dr-session"));
            Assert.Equal(ExpectedBasic, requests[2].Header("Authorization"));
            Assert.Null(requests[2].Header("x-dr-session"));
            Assert.Equal(NewSessionId, requests[3].Header("x-dr-session"));
            Assert.Null(requests[3].Header("Authorization"));
            Assert.True(client.HasSession);
            Assert.Contains(lines, l => l.Contains("logging in again", StringComparison.Ordinal));
            AssertNoSecrets(string.Join("\n", lines));
        }

        [Fact]
        public async Task The_new_session_is_kept_for_later_calls()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized).EnqueueLogin(NewSessionId)
                .Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"))
                .Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-2"));

            await client.GetTaskAsync("t-1", CancellationToken.None).WaitAsync(Guard);
            await client.GetTaskAsync("t-2", CancellationToken.None).WaitAsync(Guard);

            var last = handler.Requests.Last();
            Assert.Equal("GET /tasks/t-2", last.ToString());
            Assert.Equal(NewSessionId, last.Header("x-dr-session"));
            Assert.Equal(2, Count(handler, "POST /session"));
        }

        [Fact]
        public async Task A_401_on_post_pairings_sends_it_again_once_after_the_new_login()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized).EnqueueLogin(NewSessionId).Enqueue(HttpStatusCode.Accepted, TestData.TaskJson("pair-1", "QUEUED"));

            var task = await client.CreatePairingAsync(TestData.Spec(), CancellationToken.None).WaitAsync(Guard);

            Assert.Equal("pair-1", task.Id);
            Assert.Equal(new[] { "POST /session", "POST /pairings", "POST /session", "POST /pairings" }, handler.Requests.Select(r => r.ToString()));
            var posts = handler.Requests.Where(r => r.ApiPath == "/pairings").ToList();
            Assert.Equal(TestData.SessionId, posts[0].Header("x-dr-session"));
            Assert.Equal(NewSessionId, posts[1].Header("x-dr-session"));
            // The body is written afresh for the repeat (the first one's bytes are cleared after sending).
            Assert.Contains(TestData.Spec().VcGuid!, posts[1].Body);
            Assert.Equal(posts[0].Body, posts[1].Body);
        }

        [Fact]
        public async Task Post_pairings_refused_again_after_the_new_login_is_not_sent_a_third_time()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 5));
            handler.Responder = r => r.ApiPath == "/session" ? Login(NewSessionId) : FakeSrmHandler.Response(HttpStatusCode.Unauthorized);

            // Task.Run: a client that renewed without end would spin synchronously here instead of failing at the guard.
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => Task.Run(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None))).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(401, ex.StatusCode);
            Assert.Equal(2, Count(handler, "POST /pairings"));
            Assert.Equal(2, Count(handler, "POST /session"));
            AssertNoSecrets(ex.ToString());
            Assert.DoesNotContain(TestData.RemotePassword, ex.ToString());
        }

        [Fact]
        public async Task A_second_401_after_a_successful_renewal_is_not_renewed_again()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));
            handler.Responder = r => r.ApiPath == "/session" ? Login(NewSessionId) : FakeSrmHandler.Response(HttpStatusCode.Unauthorized);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => Task.Run(() => client.GetTaskAsync("t-1", CancellationToken.None))).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Contains("session is not valid", ex.Message);
            Assert.Equal(new[] { "POST /session", "GET /tasks/t-1", "POST /session", "GET /tasks/t-1" }, handler.Requests.Select(r => r.ToString()));
            Assert.Equal(NewSessionId, handler.Requests[3].Header("x-dr-session"));
            AssertNoSecrets(ex.ToString());
        }

        [Fact]
        public async Task Each_call_renews_at_most_once_but_a_later_call_may_renew_again()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Unauthorized).EnqueueLogin(NewSessionId).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"))
                .Enqueue(HttpStatusCode.Unauthorized).EnqueueLogin("SESSION-THIRD").Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-2"));

            await client.GetTaskAsync("t-1", CancellationToken.None).WaitAsync(Guard);
            await client.GetTaskAsync("t-2", CancellationToken.None).WaitAsync(Guard);

            Assert.Equal(3, Count(handler, "POST /session"));
            Assert.Equal("SESSION-THIRD", handler.Requests.Last().Header("x-dr-session"));
        }

        [Fact]
        public async Task A_refused_relogin_fails_the_call_as_unauthorized_and_forgets_the_credential()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));
            handler.Enqueue(HttpStatusCode.Unauthorized).Enqueue(HttpStatusCode.Unauthorized);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(401, ex.StatusCode);
            Assert.Equal("GET", ex.Method);
            Assert.Equal("/tasks/t-1", ex.Path);
            Assert.Contains("session on " + TestData.Host + " expired", ex.Message);
            Assert.Contains("logging in again as '" + TestData.User + "' failed", ex.Message);
            Assert.Equal("/session", Assert.IsType<SrmApiException>(ex.InnerException).Path);
            AssertNoSecrets(ex.ToString());
            await Task.Delay(50);
            Assert.Equal(new[] { "POST /session", "GET /tasks/t-1", "POST /session" }, handler.Requests.Select(r => r.ToString()));
            Assert.Equal(ExpectedBasic, handler.Requests[2].Header("Authorization"));

            // The rejected password is never offered again: the next 401 fails without a login.
            handler.Enqueue(HttpStatusCode.Unauthorized);
            var again = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-2", CancellationToken.None)).WaitAsync(Guard);
            Assert.Equal(SrmErrorKind.Unauthorized, again.Kind);
            Assert.Equal(2, Count(handler, "POST /session"));
        }

        [Fact]
        public async Task A_relogin_that_cannot_reach_the_server_fails_as_transient_and_keeps_the_credential()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));
            handler.Enqueue(HttpStatusCode.Unauthorized).Enqueue(HttpStatusCode.ServiceUnavailable);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None)).WaitAsync(Guard);

            Assert.True(ex.IsTransient);
            Assert.Equal(503, ex.StatusCode);
            AssertNoSecrets(ex.ToString());
            Assert.Equal(new[] { "POST /session", "GET /tasks/t-1", "POST /session" }, handler.Requests.Select(r => r.ToString()));

            // The credential was kept: the next expired session is renewed.
            handler.Enqueue(HttpStatusCode.Unauthorized).EnqueueLogin("SESSION-RENEWED").Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-2"));
            var task = await client.GetTaskAsync("t-2", CancellationToken.None).WaitAsync(Guard);
            Assert.Equal("t-2", task.Id);
            Assert.Equal(3, Count(handler, "POST /session"));
            Assert.Equal("SESSION-RENEWED", handler.Requests.Last().Header("x-dr-session"));
        }

        [Fact]
        public async Task Concurrent_401s_for_the_same_stale_session_cause_one_login()
        {
            const int calls = 4;
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            var allRefused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var arrived = 0;
            for (var i = 0; i < calls; i++)
            {
                // Each of the first requests is held until all have arrived with the old session, then refused.
                handler.EnqueueAsync(async (_, token) =>
                {
                    if (Interlocked.Increment(ref arrived) == calls)
                    {
                        allRefused.SetResult();
                    }

                    await allRefused.Task.WaitAsync(token);
                    return FakeSrmHandler.Response(HttpStatusCode.Unauthorized);
                });
            }

            handler.Responder = r => r.ApiPath == "/session"
                ? Login(NewSessionId)
                : FakeSrmHandler.Json(TestData.TaskJson(r.ApiPath.Substring("/tasks/".Length)));

            var tasks = await Task.WhenAll(Enumerable.Range(1, calls).Select(i => Task.Run(() => client.GetTaskAsync("t-" + i, CancellationToken.None)))).WaitAsync(Guard);

            Assert.Equal(Enumerable.Range(1, calls).Select(i => "t-" + i), tasks.Select(t => t.Id));
            Assert.Equal(2, Count(handler, "POST /session"));
            var gets = handler.Requests.Where(r => r.ApiPath.StartsWith("/tasks/", StringComparison.Ordinal)).ToList();
            Assert.Equal(calls, gets.Count(r => r.Header("x-dr-session") == TestData.SessionId));
            Assert.Equal(calls, gets.Count(r => r.Header("x-dr-session") == NewSessionId));
            Assert.Equal(2 * calls, gets.Count);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task After_disconnect_or_dispose_the_credential_is_forgotten_and_no_login_is_made(bool disconnect)
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            if (disconnect)
            {
                handler.Enqueue(HttpStatusCode.NoContent);
                await connection.CloseAsync(CancellationToken.None);
            }
            else
            {
                connection.Client.Dispose();
            }

            var before = handler.Requests.Count;
            // Any login would succeed and any call would be refused: only a renewal could make a request succeed.
            handler.Responder = r => r.ApiPath == "/session" ? Login(NewSessionId) : FakeSrmHandler.Response(HttpStatusCode.Unauthorized);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.Client.GetTaskAsync("t-1", CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Contains("Connect-SrmServer", ex.Message);
            Assert.Equal(before, handler.Requests.Count);
            var credential = typeof(SrmClient).GetField("_credential", BindingFlags.Instance | BindingFlags.NonPublic);
            Assert.NotNull(credential);
            Assert.Null(credential.GetValue(connection.Client));
            AssertNoSecrets(ex.ToString());
        }

        [Fact]
        public async Task A_call_refused_while_disconnect_is_under_way_does_not_log_in_again()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            var deleteSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<Srm.Client.Models.SrmTask>? get = null;
            // The GET is answered 401 only once the DELETE is on its way; the DELETE only once the GET has ended.
            handler
                .EnqueueAsync(async (_, _) => { await deleteSent.Task.WaitAsync(Guard); return FakeSrmHandler.Response(HttpStatusCode.Unauthorized); })
                .EnqueueAsync(async (_, _) =>
                {
                    deleteSent.SetResult();
                    try { await get!.WaitAsync(Guard); } catch (SrmApiException) { }
                    return FakeSrmHandler.Response(HttpStatusCode.NoContent);
                });
            // Anything after that: a login would succeed and open a session that nothing closes.
            handler.Responder = r => r.ApiPath == "/session" ? Login(NewSessionId) : FakeSrmHandler.Response(HttpStatusCode.Unauthorized);

            get = connection.Client.GetTaskAsync("t-1", CancellationToken.None);
            while (handler.Requests.Count < 3)
            {
                await Task.Delay(10);
            }

            await connection.CloseAsync(CancellationToken.None).WaitAsync(Guard);
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => get).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(1, Count(handler, "POST /session"));
            Assert.False(connection.Client.HasSession);
        }

        [Fact]
        public async Task A_401_on_logout_does_not_log_in_again()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Responder = r => r.ApiPath == "/session" && r.Method == HttpMethod.Post
                ? Login(NewSessionId)
                : FakeSrmHandler.Response(r.Method == HttpMethod.Delete && r.Header("x-dr-session") == NewSessionId ? HttpStatusCode.NoContent : HttpStatusCode.Unauthorized);

            // Disconnect-SrmServer takes an Unauthorized here to mean that the session had already ended.
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => connection.CloseAsync(CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(new[] { "POST /session", "GET /server/info", "DELETE /session" }, handler.Requests.Select(r => r.ToString()));
            Assert.False(connection.IsConnected);
            Assert.False(connection.Client.HasSession);
        }
    }
}
