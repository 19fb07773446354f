using System.Diagnostics.CodeAnalysis;

namespace Srm.Simulator.Endpoints;

/// <summary>A request body that was read and checked, or the 400 answer that says what is wrong with it.</summary>
public sealed class CheckedBody<T>
    where T : class
{
    private readonly T? _body;
    private readonly IResult? _error;

    private CheckedBody(T? body, IResult? error)
    {
        _body = body;
        _error = error;
    }

    public static CheckedBody<T> Valid(T body) => new(body ?? throw new ArgumentNullException(nameof(body)), null);

    public static CheckedBody<T> Invalid(IResult error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>True with the body, or false with the answer to send instead.</summary>
    public bool TryGet([NotNullWhen(true)] out T? body, [NotNullWhen(false)] out IResult? error)
    {
        if (_body is { } valid)
        {
            body = valid;
            error = null;
            return true;
        }

        body = null;
        error = _error ?? throw new InvalidOperationException("A checked body has either a body or an error.");
        return false;
    }
}
