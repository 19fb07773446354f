using System;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>A task that ended in ERROR or CANCELLED; <see cref="Task"/> is its final snapshot.</summary>
    public sealed class SrmTaskFailedException : Exception
    {
        public SrmTaskFailedException(string message, SrmTask task)
            : base(message)
        {
            Task = task;
        }

        public SrmTask Task { get; }
    }
}
