using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The hand-off from work that runs concurrently to the pipeline thread, for Wait-SrmTask (several waits at once,
    /// with live progress): the work queues actions (Write* calls) and finally completes; the pipeline thread runs
    /// the actions as they come and returns when the work has completed. Every other cmdlet blocks on its call instead.
    /// </summary>
    /// <remarks>
    /// No exception on completion (BlockingCollection cancels its consumers to end them) and no spinning while the
    /// pipeline thread waits for the server.
    /// </remarks>
    internal sealed class PipelinePump
    {
        private readonly ConcurrentQueue<Action> _actions = new ConcurrentQueue<Action>();
        private readonly ManualResetEventSlim _signal = new ManualResetEventSlim(false, spinCount: 0);
        private volatile bool _completed;
        private volatile bool _closed;

        /// <summary>Queues an action for the pipeline thread; false once the pipeline thread has stopped taking them.</summary>
        public bool TryPost(Action action)
        {
            if (_closed)
            {
                return false;
            }

            _actions.Enqueue(action);
            _signal.Set();
            return true;
        }

        /// <summary>The work is done: <see cref="RunUntilCompleted"/> returns once the actions queued so far have run.</summary>
        public void Complete()
        {
            _completed = true;
            _signal.Set();
        }

        /// <summary>
        /// Runs the queued actions on the calling thread until <see cref="Complete"/>. Once it returns or an action
        /// throws, it takes no more actions. The signal is never disposed: work still running after a stop may post
        /// or complete late, and a ManualResetEventSlim holds no kernel handle unless asked for one.
        /// </summary>
        public void RunUntilCompleted()
        {
            try
            {
                while (true)
                {
                    // Reset before draining: an action queued after the drain sets the signal again, so the wait
                    // below cannot miss it.
                    _signal.Reset();
                    Drain();
                    if (_completed)
                    {
                        Drain();
                        return;
                    }

                    _signal.Wait();
                }
            }
            finally
            {
                _closed = true;
            }
        }

        private void Drain()
        {
            while (_actions.TryDequeue(out var action))
            {
                action();
            }
        }
    }
}
