namespace Recommender.Bench.GatewayBench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Defaults_are_the_issue_s_cells()
    {
        var options = BenchOptions.Parse([]);
        Assert.Equal([1, 16, 64], options.Concurrency);
        Assert.Equal([1, 16], options.HopConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Duration);
        Assert.Null(options.Target);
    }

    [Fact]
    public void Target_fills_in_make_run_s_http_and_backend_ports_on_the_same_host()
    {
        var options = BenchOptions.Parse(["--target", "10.0.0.5:8081", "--concurrency", "4,8", "--duration", "2.5"]);
        Assert.Equal("10.0.0.5:8080", options.Http);
        Assert.Equal("10.0.0.5:50053", options.Direct);
        Assert.Equal([4, 8], options.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Duration);
    }

    [Fact]
    public void Gateway_settings_accumulate_and_are_refused_with_a_target()
    {
        var options = BenchOptions.Parse(["--gateway-setting", "Gateway:Auth:Enabled=false", "--gateway-setting", "Gateway:Resilience:ReadRetries=0"]);
        Assert.Equal(["Gateway:Auth:Enabled=false", "Gateway:Resilience:ReadRetries=0"], options.GatewaySettings);
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--target", "127.0.0.1:8081", "--gateway-setting", "Gateway:Auth:Enabled=false"]));
        Assert.Contains("--gateway-setting", error.Message);
    }

    [Theory]
    [InlineData("--duration", "0", "--duration")]
    [InlineData("--concurrency", "1,2000", "--concurrency")]
    [InlineData("--target", "localhost", "--target")]
    [InlineData("--cases", "recommend,foo", "--cases")]
    [InlineData("--bogus", "1", "--bogus")]
    [InlineData("--gateway-setting", "nonsense", "--gateway-setting")]
    [InlineData("--soak-duration", "5", "--soak-duration")]
    [InlineData("--capacity-p99", "0", "--capacity-p99")]
    [InlineData("--cases", "soak", "capacity")]
    public void Bad_input_names_the_option(string name, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse([name, value]));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_options_default_to_the_issue_s_soak_and_capacity_goal()
    {
        var options = BenchOptions.Parse(["--cases", "capacity,soak"]);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SoakDuration);
        Assert.Equal(100, options.CapacityP99Ms);
        Assert.Equal(0, options.SoakRate);
        Assert.Equal("nginx", options.Nginx);
        Assert.Null(BenchOptions.Parse(["--nginx", "none"]).Nginx);
        Assert.Equal(60, BenchOptions.Parse(["--cases", "soak", "--soak-rate", "60"]).SoakRate);
    }

    [Fact]
    public void Serve_starts_its_own_cluster_so_it_refuses_a_target()
    {
        Assert.Equal("/tmp/cluster.json", BenchOptions.Parse(["--serve", "/tmp/cluster.json"]).ServeFile);
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--target", "127.0.0.1:8081", "--serve", "x.json"]));
        Assert.Contains("--serve", error.Message);
    }
}
