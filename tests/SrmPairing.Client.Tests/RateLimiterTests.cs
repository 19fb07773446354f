using System.Net;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    public class RateLimiterTests
    {
        [Fact]
        public async Task Requests_within_the_budget_pass_at_once()
        {
            var limiter = new RequestRateLimiter(3);
            var waits = new List<TimeSpan>();

            for (var i = 0; i < 3; i++)
            {
                await limiter.WaitAsync(waits.Add, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }

            Assert.Empty(waits);
        }

        [Fact]
        public async Task The_request_over_the_budget_waits_until_cancelled()
        {
            var limiter = new RequestRateLimiter(3);
            for (var i = 0; i < 3; i++)
            {
                await limiter.WaitAsync(null, CancellationToken.None);
            }

            var waits = new List<TimeSpan>();
            using var cts = new CancellationTokenSource();
            var fourth = limiter.WaitAsync(waits.Add, cts.Token);
            await Task.Delay(200);

            Assert.False(fourth.IsCompleted, "The 4th request within a minute should wait.");
            var announced = Assert.Single(waits);
            Assert.InRange(announced, TimeSpan.FromSeconds(55), TimeSpan.FromMinutes(1));

            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fourth).WaitAsync(TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task A_cancelled_wait_does_not_use_up_budget_or_block_the_next_caller()
        {
            var limiter = new RequestRateLimiter(3);
            for (var i = 0; i < 3; i++)
            {
                await limiter.WaitAsync(null, CancellationToken.None);
            }

            using (var first = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitAsync(null, first.Token)).WaitAsync(TimeSpan.FromSeconds(5));
            }

            // The gate must have been released: a second caller waits (for the window) rather than deadlocking or passing.
            using var second = new CancellationTokenSource();
            var waits = new List<TimeSpan>();
            var next = limiter.WaitAsync(waits.Add, second.Token);
            await Task.Delay(100);
            Assert.False(next.IsCompleted);
            Assert.Single(waits);
            second.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next).WaitAsync(TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task A_caller_queued_behind_a_waiting_one_can_be_cancelled()
        {
            var limiter = new RequestRateLimiter(1);
            await limiter.WaitAsync(null, CancellationToken.None);
            using var cts1 = new CancellationTokenSource();
            using var cts2 = new CancellationTokenSource();

            var waiting = limiter.WaitAsync(null, cts1.Token);
            var queued = limiter.WaitAsync(null, cts2.Token);
            await Task.Delay(50);
            cts2.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.False(waiting.IsCompleted);
            cts1.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(TimeSpan.FromSeconds(5));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        public async Task Zero_or_less_is_unlimited(int max)
        {
            var limiter = new RequestRateLimiter(max);
            var waits = new List<TimeSpan>();

            var all = Task.WhenAll(Enumerable.Range(0, 500).Select(_ => limiter.WaitAsync(waits.Add, CancellationToken.None)));

            await all.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Empty(waits);
        }

        [Fact]
        public async Task The_client_applies_MaxRequestsPerMinute_to_its_requests()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Json(TestData.ServerInfoJson) };
            var options = TestData.FastOptions();
            options.MaxRequestsPerMinute = 3;
            using var client = await TestData.LoggedInClient(handler, options);
            await client.GetServerInfoAsync(CancellationToken.None);
            await client.GetServerInfoAsync(CancellationToken.None);
            var traces = new List<string>();
            options.Trace = traces.Add;
            using var cts = new CancellationTokenSource();

            var fourth = client.GetServerInfoAsync(cts.Token);
            await Task.Delay(200);

            Assert.False(fourth.IsCompleted);
            Assert.Equal(3, handler.Requests.Count);
            Assert.Contains(traces, t => t.Contains("3 requests a minute"));
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fourth).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task Retries_count_against_the_budget()
        {
            var handler = new FakeSrmHandler { Responder = _ => FakeSrmHandler.Response(HttpStatusCode.ServiceUnavailable) };
            var options = TestData.FastOptions(retries: 5);
            options.MaxRequestsPerMinute = 3;
            using var client = await TestData.LoggedInClient(handler, options);
            using var cts = new CancellationTokenSource();
            var budgetSpent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            handler.Received = _ =>
            {
                if (handler.Requests.Count == 3)
                {
                    budgetSpent.TrySetResult();
                }
            };

            // The login, the GET and its first retry spend the budget of 3; the next retry waits for the window.
            var call = client.GetServerInfoAsync(cts.Token);
            await budgetSpent.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(200);

            Assert.False(call.IsCompleted);
            Assert.Equal(3, handler.Requests.Count);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
