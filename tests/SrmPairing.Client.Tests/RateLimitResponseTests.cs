using System.Net;
using System.Reflection;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>
    /// 429 Too Many Requests: Retry-After is honoured (a real 1 s wait is timed in RetryTests); without it the client
    /// waits for the appliance's whole one-minute window (bounded by MaximumRetryDelay) rather than its short
    /// exponential backoff.
    /// </summary>
    public class RateLimitResponseTests
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

        private static SrmClientOptions Options(TimeSpan maximumRetryDelay)
        {
            var options = TestData.FastOptions(retries: 2);
            options.RetryInterval = TimeSpan.FromMilliseconds(1);
            options.MaximumRetryDelay = maximumRetryDelay;
            return options;
        }

        private static long GapBetweenTheFirstTwoGets(FakeSrmHandler handler)
        {
            var gets = handler.Requests.Where(r => r.Method == HttpMethod.Get).ToList();
            Assert.Equal(2, gets.Count);
            return gets[1].AtMilliseconds - gets[0].AtMilliseconds;
        }

        /// <summary>SrmClient.RetryDelay has no seam for its clock, so the 60 s case is asked of it directly.</summary>
        private static TimeSpan RetryDelay(SrmClient client, int attempt, SrmApiException failure)
        {
            var method = typeof(SrmClient).GetMethod("RetryDelay", BindingFlags.Instance | BindingFlags.NonPublic);
            Assert.NotNull(method);
            return (TimeSpan)method.Invoke(client, new object[] { attempt, failure })!;
        }

        private static SrmApiException RateLimited(TimeSpan? retryAfter = null)
        {
            var ex = new SrmApiException(SrmErrorKind.RateLimited, "GET", "/tasks", "GET /tasks failed with 429 Too Many Requests.", 429);
            if (retryAfter.HasValue)
            {
                ex.Data["RetryAfter"] = retryAfter.Value;
            }

            return ex;
        }

        [Fact]
        public async Task A_429_without_retry_after_waits_MaximumRetryDelay_when_that_is_under_a_minute()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, Options(TimeSpan.FromMilliseconds(100)));
            handler.Enqueue(HttpStatusCode.TooManyRequests).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"));

            await client.GetTaskAsync("t-1", CancellationToken.None).WaitAsync(Guard);

            // The exponential backoff would have waited about RetryInterval (1 ms).
            var gap = GapBetweenTheFirstTwoGets(handler);
            Assert.InRange(gap, 80, 5000);
        }

        [Fact]
        public async Task A_429_without_retry_after_does_not_use_the_short_backoff()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, Options(TimeSpan.FromHours(1)));
            handler.Enqueue(HttpStatusCode.TooManyRequests).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"));
            using var cts = new CancellationTokenSource();
            // 150 ms from the refused GET: the short backoff (1 ms) would have sent the second GET within them.
            handler.Received = _ => cts.CancelAfter(TimeSpan.FromMilliseconds(150));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetTaskAsync("t-1", cts.Token)).WaitAsync(Guard);

            Assert.Single(handler.Requests, r => r.Method == HttpMethod.Get);
        }

        [Fact]
        public async Task Other_transient_statuses_without_retry_after_keep_the_short_backoff()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler, Options(TimeSpan.FromHours(1)));
            handler.Enqueue(HttpStatusCode.ServiceUnavailable).Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"));

            await client.GetTaskAsync("t-1", CancellationToken.None).WaitAsync(Guard);

            Assert.InRange(GapBetweenTheFirstTwoGets(handler), 0, 1000);
        }

        [Fact]
        public void Without_retry_after_a_429_waits_the_whole_minute_at_most()
        {
            using var client = TestData.Client(new FakeSrmHandler(), Options(TimeSpan.FromHours(1)));

            Assert.Equal(TimeSpan.FromSeconds(60), RetryDelay(client, 1, RateLimited()));
            Assert.Equal(TimeSpan.FromSeconds(60), RetryDelay(client, 3, RateLimited()));
        }

        [Fact]
        public void Without_retry_after_a_429_waits_MaximumRetryDelay_when_that_is_shorter()
        {
            using var client = TestData.Client(new FakeSrmHandler(), Options(TimeSpan.FromMilliseconds(50)));

            Assert.Equal(TimeSpan.FromMilliseconds(50), RetryDelay(client, 1, RateLimited()));
        }

        [Fact]
        public void Retry_after_on_a_429_wins_over_the_window_up_to_MaximumRetryDelay()
        {
            using var client = TestData.Client(new FakeSrmHandler(), Options(TimeSpan.FromMinutes(5)));

            Assert.Equal(TimeSpan.FromSeconds(1), RetryDelay(client, 1, RateLimited(TimeSpan.FromSeconds(1))));
            Assert.Equal(TimeSpan.FromSeconds(90), RetryDelay(client, 1, RateLimited(TimeSpan.FromSeconds(90))));
            Assert.Equal(TimeSpan.FromMinutes(5), RetryDelay(client, 1, RateLimited(TimeSpan.FromHours(2))));
        }

        [Fact]
        public async Task A_429_after_the_retries_is_reported_as_rate_limited()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(HttpStatusCode.TooManyRequests) };
            using var client = await TestData.LoggedInClient(handler, Options(TimeSpan.FromMilliseconds(5)));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None)).WaitAsync(Guard);

            Assert.Equal(SrmErrorKind.RateLimited, ex.Kind);
            Assert.Equal(429, ex.StatusCode);
            Assert.Equal(1 + 2, handler.Requests.Count(r => r.Method == HttpMethod.Get));
        }
    }
}
