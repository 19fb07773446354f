using System.Collections.Generic;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>What <see cref="SrmTaskOperations.FindAsync"/> found: the tasks the server knows and the ids it does not.</summary>
    public sealed class SrmTaskLookup
    {
        internal SrmTaskLookup(IReadOnlyList<SrmTask> found, IReadOnlyList<SrmTaskNotFound> notFound)
        {
            Found = found;
            NotFound = notFound;
        }

        /// <summary>The tasks found, in the order their ids were given (each once).</summary>
        public IReadOnlyList<SrmTask> Found { get; }

        /// <summary>The ids the server does not know, in the order given.</summary>
        public IReadOnlyList<SrmTaskNotFound> NotFound { get; }
    }
}
