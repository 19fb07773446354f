using System.Net;
using System.Net.Http.Headers;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>Idempotent requests are repeated after transient failures; POST /pairings never is.</summary>
    public class RetryTests
    {
        public static TheoryData<HttpStatusCode> TransientStatuses => new TheoryData<HttpStatusCode>
        {
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.BadGateway,
            HttpStatusCode.GatewayTimeout,
            HttpStatusCode.RequestTimeout,
            HttpStatusCode.TooManyRequests,
        };

        [Theory]
        [MemberData(nameof(TransientStatuses))]
        public async Task Get_is_retried_after_a_transient_status_and_then_succeeds(HttpStatusCode status)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));
            handler.Enqueue(status).Enqueue(status).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1", "SUCCESS", 100));

            var task = await client.GetTaskAsync("t-1", CancellationToken.None);

            Assert.Equal("t-1", task.Id);
            var gets = handler.Requests.Skip(1).ToList();
            Assert.Equal(3, gets.Count);
            Assert.All(gets, r => Assert.Equal("/tasks/t-1", r.ApiPathAndQuery));
            Assert.All(gets, r => Assert.Equal(TestData.SessionId, r.Header("x-dr-session")));
        }

        [Theory]
        [MemberData(nameof(TransientStatuses))]
        public async Task Get_gives_up_after_MaximumRetryCount_retries(HttpStatusCode status)
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(status) };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 2));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal((int)status, ex.StatusCode);
            Assert.True(ex.IsTransient);
            Assert.Equal(1 + 2, handler.Requests.Count(r => r.ApiPath == "/server/info"));
        }

        [Fact]
        public async Task Get_is_retried_after_a_connection_failure()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));
            handler.EnqueueConnectionFailure().EnqueueConnectionFailure().Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);

            await client.GetServerInfoAsync(CancellationToken.None);

            Assert.Equal(3, handler.Requests.Count(r => r.ApiPath == "/server/info"));
        }

        [Fact]
        public async Task Get_connection_failure_after_all_retries_is_reported()
        {
            var handler = new FakeSrmHandler { Responder = _ => throw new HttpRequestException("No route to host", new IOException("EHOSTUNREACH")) };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.Null(ex.StatusCode);
            Assert.IsType<HttpRequestException>(ex.InnerException);
            Assert.Contains(TestData.Host, ex.Message);
            Assert.Contains("EHOSTUNREACH", ex.Message);
            Assert.DoesNotContain("may or may not have reached", ex.Message);
            Assert.Equal(4, handler.Requests.Count(r => r.ApiPath == "/tasks/t-1"));
        }

        [Fact]
        public async Task Zero_retries_means_one_attempt()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(HttpStatusCode.ServiceUnavailable) };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 0));

            await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal(1, handler.Requests.Count(r => r.ApiPath == "/server/info"));
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest)]
        [InlineData(HttpStatusCode.Forbidden)]
        [InlineData(HttpStatusCode.NotFound)]
        [InlineData(HttpStatusCode.InternalServerError)]
        public async Task Non_transient_status_is_not_retried(HttpStatusCode status)
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(status) };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 3));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None));

            Assert.Equal((int)status, ex.StatusCode);
            Assert.False(ex.IsTransient);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task Retry_after_delta_is_honoured()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 1);
            options.MaximumRetryDelay = TimeSpan.FromSeconds(30);
            using var client = await TestData.LoggedInClient(handler, options);
            handler.Enqueue(HttpStatusCode.TooManyRequests, null, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)));
            handler.Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);

            await client.GetServerInfoAsync(CancellationToken.None);

            var gets = handler.Requests.Skip(1).ToList();
            Assert.Equal(2, gets.Count);
            var gap = gets[1].AtMilliseconds - gets[0].AtMilliseconds;
            Assert.True(gap >= 900, $"The retry came {gap} ms after a Retry-After of 1 s.");
            Assert.True(gap < 5000, $"The retry came {gap} ms after a Retry-After of 1 s (not the 30 s MaximumRetryDelay or a 60 s rate-limit window).");
        }

        [Fact]
        public async Task Retry_after_is_capped_by_MaximumRetryDelay()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 1);
            options.RetryInterval = TimeSpan.FromMilliseconds(1);
            options.MaximumRetryDelay = TimeSpan.FromMilliseconds(250);
            using var client = await TestData.LoggedInClient(handler, options);
            handler.Enqueue(HttpStatusCode.ServiceUnavailable, null, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1)));
            handler.Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);

            await client.GetServerInfoAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            var gets = handler.Requests.Skip(1).ToList();
            var gap = gets[1].AtMilliseconds - gets[0].AtMilliseconds;
            Assert.InRange(gap, 200, 5000);
        }

        [Fact]
        public async Task Retry_after_date_in_the_past_retries_at_once()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 1);
            options.RetryInterval = TimeSpan.FromSeconds(30);
            options.MaximumRetryDelay = TimeSpan.FromSeconds(30);
            using var client = await TestData.LoggedInClient(handler, options);
            handler.Enqueue(HttpStatusCode.ServiceUnavailable, null, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-1)));
            handler.Enqueue(HttpStatusCode.OK, TestData.ServerInfoJson);

            await client.GetServerInfoAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task Cancellation_during_the_retry_wait_ends_the_call()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(HttpStatusCode.ServiceUnavailable) };
            var options = TestData.FastOptions(retries: 3);
            options.RetryInterval = TimeSpan.FromMinutes(1);
            options.MaximumRetryDelay = TimeSpan.FromMinutes(1);
            using var client = await TestData.LoggedInClient(handler, options);
            using var cts = new CancellationTokenSource();
            // Cancelled 150 ms after the GET arrived: by then the client waits out its one-minute retry interval.
            handler.Received = _ => cts.CancelAfter(TimeSpan.FromMilliseconds(150));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetServerInfoAsync(cts.Token)).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(2, handler.Requests.Count);
        }

        [Theory]
        [MemberData(nameof(TransientStatuses))]
        public async Task Post_pairings_is_never_retried_on_a_transient_status(HttpStatusCode status)
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(status) };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 5));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None));

            Assert.Equal((int)status, ex.StatusCode);
            Assert.Equal(1, handler.Requests.Count(r => r.ApiPath == "/pairings"));
        }

        [Fact]
        public async Task Post_pairings_connection_failure_is_not_retried_and_says_it_may_have_arrived()
        {
            var handler = new FakeSrmHandler { Responder = _ => throw new HttpRequestException("The response ended prematurely.") };
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 5));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.Contains("may or may not have reached the server", ex.Message);
            Assert.Equal(1, handler.Requests.Count(r => r.ApiPath == "/pairings"));
            Assert.DoesNotContain(TestData.RemotePassword, ex.ToString());
        }

        [Fact]
        public async Task Post_pairings_timeout_is_not_retried_and_says_it_may_have_arrived()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 5);
            options.RequestTimeout = TimeSpan.FromMilliseconds(100);
            using var client = await TestData.LoggedInClient(handler, options);
            handler.EnqueueAsync(async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return FakeSrmHandler.Json("{}");
            });

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.Timeout, ex.Kind);
            Assert.Contains("may or may not have reached the server", ex.Message);
            Assert.Equal(1, handler.Requests.Count(r => r.ApiPath == "/pairings"));
        }

        [Fact]
        public async Task Login_is_not_retried()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(HttpStatusCode.ServiceUnavailable) };
            using var client = TestData.Client(handler, TestData.FastOptions(retries: 3));

            await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None));

            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task Each_retry_of_a_list_request_repeats_the_same_url()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, TestData.FastOptions(retries: 2));
            handler.Enqueue(HttpStatusCode.BadGateway).Enqueue(HttpStatusCode.OK, TestData.TaskListJson(TestData.TaskJson("a"), TestData.TaskJson("b")));

            var tasks = await client.GetTasksByIdAsync(new[] { "a", "b" }, CancellationToken.None);

            Assert.Equal(2, tasks.Count);
            var urls = handler.Requests.Skip(1).Select(r => r.ApiPathAndQuery).ToList();
            Assert.Equal(2, urls.Count);
            Assert.Equal(urls[0], urls[1]);
        }
    }
}
