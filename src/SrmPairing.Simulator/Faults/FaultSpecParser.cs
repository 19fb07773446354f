using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Srm.Simulator.Faults;

/// <summary>
/// The command-line syntax of a fault rule (--fault): comma-separated key=value pairs, keys kind, status, retry_after,
/// ms, when, count and endpoint, e.g. "kind=drop,when=after,endpoint=POST /pairings,count=1". A bare word is the kind
/// ("drop,when=after"); kind may be left out when status or ms implies it ("status=503,count=2").
/// </summary>
public static class FaultSpecParser
{
    public static bool TryParse(string text, [NotNullWhen(true)] out FaultRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        var fields = new FaultRuleFields();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rawPart in text.Split(','))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                error = $"empty item in '{text}'.";
                return false;
            }

            var eq = part.IndexOf('=');
            var key = (eq < 0 ? "kind" : part[..eq].Trim().ToLowerInvariant()).Replace('-', '_');
            var value = eq < 0 ? part : part[(eq + 1)..].Trim();
            if (!seen.Add(key))
            {
                error = $"{key} is given twice.";
                return false;
            }
            if (value.Length == 0)
            {
                error = $"{key} has no value.";
                return false;
            }

            error = key switch
            {
                "kind" => Set(() => fields.Kind = value),
                "when" => Set(() => fields.When = value),
                "endpoint" => Set(() => fields.Endpoint = value),
                "status" => Number(key, value, n => fields.Status = n),
                "count" => Number(key, value, n => fields.Count = n),
                "retry_after" => Number(key, value, n => fields.RetryAfter = n),
                "ms" => Number(key, value, n => fields.Ms = n),
                _ => $"unknown key '{key}' (use kind, status, retry_after, ms, when, count, endpoint).",
            };
            if (error is not null)
                return false;
        }
        return FaultRule.TryCreate(fields, out rule, out error);
    }

    private static string? Set(Action assign)
    {
        assign();
        return null;
    }

    private static string? Number(string key, string value, Action<int> assign)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return $"{key} must be a whole number (got '{value}').";
        assign(number);
        return null;
    }
}
