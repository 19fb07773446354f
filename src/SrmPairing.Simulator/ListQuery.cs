using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Srm.Simulator.Json;

namespace Srm.Simulator;

/// <summary>
/// The list query parameters of the spec (filter_property + repeated filter, sort_by, order_by, limit, offset),
/// applied to the wire form of list entries. Property names may be nested ("remote_vc_server.id"); filter values
/// match case-insensitively and several values mean OR.
/// </summary>
public sealed class ListQuery
{
    public const int DefaultLimit = 100;

    private ListQuery(string? filterProperty, IReadOnlyList<string> filters, string? sortBy, bool descending, int limit, int offset)
    {
        FilterProperty = filterProperty;
        Filters = filters;
        SortBy = sortBy;
        Descending = descending;
        Limit = limit;
        Offset = offset;
    }

    public string? FilterProperty { get; }

    public IReadOnlyList<string> Filters { get; }

    public string? SortBy { get; }

    public bool Descending { get; }

    public int Limit { get; }

    public int Offset { get; }

    /// <summary>Reads the query of a list request for entries of type <typeparamref name="TItem"/>; false with an error message when a value is bad.</summary>
    public static bool TryParse<TItem>(IQueryCollection query, [NotNullWhen(true)] out ListQuery? result, [NotNullWhen(false)] out string? error)
    {
        var filterProperty = Single(query, "filter_property");
        var filters = query["filter"].OfType<string>().ToList();
        var sortBy = Single(query, "sort_by");
        var orderBy = Single(query, "order_by");

        if (filterProperty is not null && filters.Count == 0)
            return Fail("filter_property must be used together with at least one filter value.", out result, out error);
        if (filterProperty is null && filters.Count > 0)
            return Fail("filter must be used together with filter_property.", out result, out error);
        if (filterProperty is not null && !IsScalarPath(typeof(TItem), filterProperty))
            return Fail($"filter_property '{filterProperty}' is not a property of the listed entries.", out result, out error);
        if (sortBy is not null && !IsScalarPath(typeof(TItem), sortBy))
            return Fail($"sort_by '{sortBy}' is not a property of the listed entries.", out result, out error);

        var descending = false;
        if (orderBy is not null)
        {
            if (sortBy is null)
                return Fail("order_by must be used together with sort_by.", out result, out error);
            switch (orderBy.ToLowerInvariant())
            {
                case "asc" or "ascending": descending = false; break;
                case "desc" or "descending": descending = true; break;
                default: return Fail($"order_by must be asc, ascending, desc or descending (got '{orderBy}').", out result, out error);
            }
        }

        var limit = DefaultLimit;
        var limitText = Single(query, "limit");
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            return Fail($"limit must be a whole number of at least 1 (got '{limitText}').", out result, out error);

        var offset = 0;
        var offsetText = Single(query, "offset");
        if (offsetText is not null && !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return Fail($"offset must be a whole number of at least 0 (got '{offsetText}').", out result, out error);

        result = new ListQuery(filterProperty, filters, sortBy, descending, limit, offset);
        error = null;
        return true;
    }

    /// <summary>Filters, sorts and pages the entries; <paramref name="total"/> is the count after filtering, before paging.</summary>
    public List<TItem> Apply<TItem>(IEnumerable<TItem> items, out int total)
    {
        var rows = items.Select(item => (Item: item, Node: JsonSerializer.SerializeToNode(item, WireJson.Options))).ToList();

        if (FilterProperty is not null)
        {
            rows = rows.Where(r => Filters.Any(f => string.Equals(f, ValueAt(r.Node, FilterProperty), StringComparison.OrdinalIgnoreCase))).ToList();
        }

        if (SortBy is not null)
        {
            var comparer = Comparer<string?>.Create((a, b) => CompareValues(a, b));
            rows = (Descending
                ? rows.OrderByDescending(r => ValueAt(r.Node, SortBy), comparer)
                : rows.OrderBy(r => ValueAt(r.Node, SortBy), comparer)).ToList();
        }

        total = rows.Count;
        return rows.Skip(Offset).Take(Limit).Select(r => r.Item).ToList();
    }

    /// <summary>The text of a scalar at a dotted path, or null when it is null or absent.</summary>
    private static string? ValueAt(JsonNode? node, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
                return null;
        }
        return node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
    }

    private static int CompareValues(string? a, string? b)
    {
        if (a is null || b is null)
            return a is null ? (b is null ? 0 : -1) : 1;
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the dotted path names a scalar property of the wire type (by its JSON names).</summary>
    private static bool IsScalarPath(Type type, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == segment);
            if (property is null)
                return false;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(Guid) || type == typeof(decimal);
    }

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count == 0 ? null : values[values.Count - 1];
    }

    private static bool Fail(string message, [NotNullWhen(true)] out ListQuery? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = message;
        return false;
    }
}
