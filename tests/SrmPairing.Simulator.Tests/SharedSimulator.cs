namespace Srm.Simulator.Tests;

/// <summary>
/// One simulator shared by the tests of a class (xunit class fixture), for checks that leave no state behind
/// (rejected requests, tasks that fail). Starting a simulator makes a new RSA key, so sharing keeps the suite fast.
/// </summary>
public sealed class SharedSimulator : IAsyncLifetime
{
    private TestSimulator? _sim;

    public TestSimulator Sim => _sim ?? throw new InvalidOperationException("Not started.");

    public string Session { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync(taskDurationMs: 200);
        Session = await _sim.LoginAsync();
    }

    public async Task DisposeAsync()
    {
        if (_sim != null)
            await _sim.DisposeAsync();
    }
}
