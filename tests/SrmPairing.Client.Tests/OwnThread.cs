namespace Srm.Client.Tests
{
    /// <summary>Runs a call the way a cmdlet's pipeline thread makes it: on a thread of its own, not a pool thread.</summary>
    internal static class OwnThread
    {
        /// <summary>
        /// Starts <paramref name="call"/> on a new (non-pool) thread and gives the task it returned once it returned (a
        /// synchronous send returns only when it is over: one that hangs past <paramref name="limit"/> fails here). The
        /// test's own thread is not blocked meanwhile: xunit has only a few of them, and other tests need them.
        /// </summary>
        public static async Task<Task> Start(Func<Task> call, TimeSpan limit)
        {
            var returned = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    returned.SetResult(call());
                }
                catch (Exception ex)
                {
                    returned.SetException(ex);
                }
            })
            { IsBackground = true };
            thread.Start();
            return await returned.Task.WaitAsync(limit);
        }
    }
}
