using System.Net;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>How HTTP failures become <see cref="SrmApiException"/>s, and that their messages carry no secret.</summary>
    public class ErrorMappingTests
    {
        private static string ResponseError(string code, string message) =>
            "{\"error_code\":\"" + code + "\",\"message\":\"" + message + "\",\"op_id\":\"" + TestData.OpId + "\"}";

        private static void AssertNoSecrets(Exception ex)
        {
            var text = ex.ToString();
            Assert.DoesNotContain(TestData.SessionId, text);
            Assert.DoesNotContain(TestData.Password, text);
            Assert.DoesNotContain(TestData.RemotePassword, text);
            foreach (System.Collections.DictionaryEntry entry in ex.Data)
            {
                Assert.DoesNotContain(TestData.SessionId, entry.Key + "=" + entry.Value);
                Assert.DoesNotContain(TestData.Password, entry.Key + "=" + entry.Value);
            }
        }

        private static async Task<SrmApiException> FailGet(HttpStatusCode status, string? body, Action<HttpResponseMessage>? configure = null)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 0));
            handler.Enqueue(status, body, configure);
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));
            AssertNoSecrets(ex);
            return ex;
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest, SrmErrorKind.BadRequest)]
        [InlineData(HttpStatusCode.Forbidden, SrmErrorKind.Forbidden)]
        [InlineData(HttpStatusCode.InternalServerError, SrmErrorKind.ServerError)]
        public async Task Response_error_is_mapped_with_kind_code_message_and_op_id(HttpStatusCode status, SrmErrorKind kind)
        {
            var ex = await FailGet(status, ResponseError("SRM-4711", "The task id is malformed"));

            Assert.Equal(kind, ex.Kind);
            Assert.Equal((int)status, ex.StatusCode);
            Assert.Equal("SRM-4711", ex.ErrorCode);
            Assert.Equal("The task id is malformed", ex.ServerMessage);
            Assert.Equal(TestData.OpId, ex.OpId);
            Assert.Equal("GET", ex.Method);
            Assert.Equal("/tasks/t-1", ex.Path);
            Assert.Contains("The task id is malformed", ex.Message);
            Assert.Contains(TestData.OpId, ex.Message);
            Assert.Contains("SRM-4711", ex.Message);
            Assert.Contains(((int)status).ToString(), ex.Message);
            Assert.Contains("GET /tasks/t-1", ex.Message);
            Assert.Contains(TestData.Host, ex.Message);
        }

        [Fact]
        public async Task Pairing_400_says_what_the_server_said()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.BadRequest, ResponseError("INVALID_SPEC", "pair_vc_guid does not name a known vCenter Server."));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.BadRequest, ex.Kind);
            Assert.Equal("POST", ex.Method);
            Assert.Equal("/pairings", ex.Path);
            Assert.Contains("pair_vc_guid does not name a known vCenter Server.", ex.Message);
            Assert.DoesNotContain("..", ex.Message);
            Assert.Contains(TestData.OpId, ex.Message);
            AssertNoSecrets(ex);
        }

        [Fact]
        public async Task Login_401_with_an_empty_body_says_the_credentials_are_wrong()
        {
            var handler = new FakeSrmHandler().Enqueue(HttpStatusCode.Unauthorized);
            using var client = TestData.Client(handler);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(401, ex.StatusCode);
            Assert.Contains("user name or password is incorrect", ex.Message);
            Assert.DoesNotContain("session", ex.Message);
            Assert.Null(ex.ServerMessage);
            Assert.Null(ex.OpId);
            Assert.False(client.HasSession);
            AssertNoSecrets(ex);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task Other_401_says_the_session_is_not_valid()
        {
            // Every login succeeds and every other call is refused, whether or not the client logs in again on a 401.
            var handler = new FakeSrmHandler
            {
                Responder = r => r.ApiPath == "/session"
                    ? FakeSrmHandler.Json("{\"session_id\":\"" + TestData.SessionId + "\"}")
                    : FakeSrmHandler.Response(HttpStatusCode.Unauthorized, ""),
            };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 0));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));
            AssertNoSecrets(ex);

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Contains("session is not valid", ex.Message);
            Assert.DoesNotContain("password", ex.Message);
        }

        [Fact]
        public async Task Not_found_with_an_empty_body()
        {
            var ex = await FailGet(HttpStatusCode.NotFound, null);

            Assert.Equal(SrmErrorKind.NotFound, ex.Kind);
            Assert.Equal(404, ex.StatusCode);
            Assert.Null(ex.ErrorCode);
            Assert.Null(ex.ServerMessage);
            Assert.Null(ex.OpId);
            Assert.Contains("404", ex.Message);
            Assert.Contains("Not Found", ex.Message);
            Assert.DoesNotContain("(", ex.Message);
        }

        [Fact]
        public async Task Html_502_page_is_a_server_error_without_the_page()
        {
            const string page = "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx says no</h1></body></html>";
            var ex = await FailGet(HttpStatusCode.BadGateway, page);

            Assert.Equal(SrmErrorKind.ServerError, ex.Kind);
            Assert.Equal(502, ex.StatusCode);
            Assert.Null(ex.ServerMessage);
            Assert.Contains("502 Bad Gateway", ex.Message);
            Assert.DoesNotContain("<html>", ex.Message);
            Assert.DoesNotContain("nginx", ex.Message);
        }

        [Theory]
        [InlineData("[1,2,3]")]
        [InlineData("\"oops\"")]
        [InlineData("{\"message\": ")]
        public async Task Non_object_error_body_still_maps_the_status(string body)
        {
            var ex = await FailGet(HttpStatusCode.InternalServerError, body);

            Assert.Equal(SrmErrorKind.ServerError, ex.Kind);
            Assert.Equal(500, ex.StatusCode);
            Assert.Null(ex.ServerMessage);
        }

        [Fact]
        public async Task Unexpected_status_is_its_own_kind()
        {
            var ex = await FailGet(HttpStatusCode.Conflict, ResponseError("CONFLICT", "Already pairing"));

            Assert.Equal(SrmErrorKind.UnexpectedStatus, ex.Kind);
            Assert.Equal(409, ex.StatusCode);
            Assert.Contains("Already pairing", ex.Message);
        }

        [Theory]
        [InlineData("{not json")]
        [InlineData("<html><body>login page</body></html>")]
        [InlineData("{\"id\":\"t-1\",\"status\":\"RUNNING\"} trailing")]
        [InlineData("{\"id\":\"t-1\",\"status\":\"RUNNING\",\"progress\":\"half\"}")]
        [InlineData("[{\"id\":\"t-1\"}]")]
        public async Task Malformed_200_body_is_an_invalid_response(string body)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, body);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Equal("/tasks/t-1", ex.Path);
            Assert.Contains("not the JSON", ex.Message);
            Assert.Equal(2, handler.Requests.Count);
            AssertNoSecrets(ex);
        }

        [Fact]
        public async Task Malformed_login_body_is_an_invalid_response_without_secrets()
        {
            var handler = new FakeSrmHandler().Enqueue(HttpStatusCode.OK, "{\"session_id\": \"" + TestData.SessionId);
            using var client = TestData.Client(handler);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.False(client.HasSession);
            AssertNoSecrets(ex);
        }

        [Fact]
        public async Task Messages_never_contain_the_session_id_or_passwords_even_when_the_server_echoes_nothing()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 0));
            handler.Enqueue(HttpStatusCode.Forbidden, ResponseError("NO_PRIV", "Permission denied"));
            handler.Enqueue(HttpStatusCode.InternalServerError, "");
            handler.EnqueueConnectionFailure();

            var errors = new List<SrmApiException>
            {
                await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None)),
                await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None)),
                await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None)),
            };

            Assert.Equal(new[] { SrmErrorKind.Forbidden, SrmErrorKind.ServerError, SrmErrorKind.ConnectionFailed }, errors.Select(e => e.Kind));
            Assert.All(errors, AssertNoSecrets);
        }

        [Fact]
        public async Task Request_timeout_is_a_timeout_not_a_cancellation()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 0);
            options.RequestTimeout = TimeSpan.FromMilliseconds(100);
            using var client = await TestData.LoggedInClient(handler, options);
            handler.EnqueueAsync(async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return FakeSrmHandler.Json("{}");
            });

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));

            Assert.Equal(SrmErrorKind.Timeout, ex.Kind);
            Assert.True(ex.IsTransient);
        }

        [Fact]
        public async Task Caller_cancellation_is_an_operation_canceled_exception()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            var started = new TaskCompletionSource();
            handler.EnqueueAsync(async (_, token) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                return FakeSrmHandler.Json("{}");
            });
            using var cts = new CancellationTokenSource();

            var call = client.GetTaskAsync("t-1", cts.Token);
            await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
            cts.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Equal(2, handler.Requests.Count);
        }
    }
}
