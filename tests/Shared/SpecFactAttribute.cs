using Xunit;

namespace Srm.Tests.Shared
{
    /// <summary>A fact that needs the OpenAPI spec: reported as skipped, with the reason, when <see cref="SpecFile"/> finds none.</summary>
    public sealed class SpecFactAttribute : FactAttribute
    {
        public const string SkipReason =
            "OpenAPI spec not found (set SRM_API_SPEC or place it at ../shared/spec/srm-api-v2.json); schema conformance not checked";

        public SpecFactAttribute()
        {
            if (SpecFile.Path == null)
                Skip = SkipReason;
        }
    }
}
