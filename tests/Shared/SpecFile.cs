using System;
using System.IO;

namespace Srm.Tests.Shared
{
    /// <summary>
    /// Finds the SRM OpenAPI spec (srm-api-v2.json), which is not part of the repository: the SRM_API_SPEC environment
    /// variable if set, else ../shared/spec/srm-api-v2.json next to the folder holding SrmPairing.sln. Null when absent.
    /// </summary>
    public static class SpecFile
    {
        public const string EnvironmentVariable = "SRM_API_SPEC";

        private static readonly Lazy<string?> Found = new Lazy<string?>(Locate);

        /// <summary>The full path of the spec, or null when it cannot be found.</summary>
        public static string? Path => Found.Value;

        private static string? Locate()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
                return File.Exists(fromEnvironment) ? System.IO.Path.GetFullPath(fromEnvironment) : null;

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "SrmPairing.sln")))
                {
                    var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "spec", "srm-api-v2.json"));
                    return File.Exists(candidate) ? candidate : null;
                }
            }
            return null;
        }
    }
}
