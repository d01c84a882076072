using System.Net;
using System.Text;
using System.Text.Json;
using Descent.Analysis;
using Descent.Cli.Serve;
using Descent.Demo;
using Descent.Functions;
using Descent.Optim;
using Descent.Plotting;
using Descent.Schedules;
using Descent.Tests.Cli;

namespace Descent.Tests.Serve;

/// <summary>The playground API through HTTP, checked against the library's own numbers and the CLI's own messages.</summary>
public sealed class PlaygroundApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private static void AssertProblem(int status, string contentType, JsonElement body, int expectedStatus, string? field)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(expectedStatus, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.DoesNotContain("\n", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field != null)
        {
            Assert.Equal(field, body.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Functions_ListsTheTwoDimensionalTestFunctionsWithTheirStartsAndMinima()
    {
        var (status, _, body) = await fixture.GetJsonAsync("/api/functions");
        Assert.Equal(200, status);
        var names = body.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(TestFunctions.Names.Where(n => n != "shifted"), names);
        var rosenbrock = body.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "rosenbrock");
        var library = TestFunctions.Get("rosenbrock", 2);
        Assert.Equal(library.DefaultStart, Doubles(rosenbrock.GetProperty("start")));
        Assert.Equal(library.KnownMinima[0], Doubles(rosenbrock.GetProperty("minima")[0]));
        Assert.Equal(library.Formula, rosenbrock.GetProperty("formula").GetString());
    }

    [Fact]
    public async Task Optimizers_ListsTheRegistryWithLectureFlagsAndSliders()
    {
        var (status, _, body) = await fixture.GetJsonAsync("/api/optimizers");
        Assert.Equal(200, status);
        Assert.Equal(OptimizerRegistry.Names, body.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        var gd = body[0];
        Assert.True(gd.GetProperty("lecture").GetBoolean());
        Assert.Equal(OptimizerRegistry.Get("gd").Formula, gd.GetProperty("formula").GetString());
        var lr = gd.GetProperty("hyperparameters")[0];
        Assert.Equal("lr", lr.GetProperty("name").GetString());
        Assert.True(lr.GetProperty("slider").GetProperty("log").GetBoolean());
        Assert.False(body.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "adamw").GetProperty("lecture").GetBoolean());
    }

    [Fact]
    public async Task Schedules_ListsTheRegistryWithKeys()
    {
        var (status, _, body) = await fixture.GetJsonAsync("/api/schedules");
        Assert.Equal(200, status);
        Assert.Equal(ScheduleRegistry.Names, body.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var cosine = body.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "cosine");
        Assert.Contains(cosine.GetProperty("keys").EnumerateArray(), k => k.GetProperty("name").GetString() == "t_max" && k.GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task Contour_NamedFunction_SamplesTheFunctionAndUsesTheLibrarysLevels()
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/contour", new { function = "booth", bounds = new[] { -1.0, 3, 0, 4 }, grid = 9 });
        Assert.Equal(200, status);
        var f = TestFunctions.Get("booth");
        var values = new double[9, 9];
        for (int j = 0; j < 9; j++)
        {
            for (int i = 0; i < 9; i++)
            {
                values[j, i] = f.Value([-1 + (4.0 * i / 8), 4.0 * j / 8]);
                Assert.Equal(values[j, i], body.GetProperty("values")[j][i].GetDouble());
            }
        }

        Assert.Equal(new ContourPlot(values, -1, 3, 0, 4).ResolvedLevels(), Doubles(body.GetProperty("levels")));
        Assert.Equal(body.GetProperty("levels").GetArrayLength() + 1, body.GetProperty("bandColors").GetArrayLength());
    }

    [Fact]
    public async Task Contour_ExpressionInX_IsDrawnOverXAndY()
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/contour", new { function = "x^2", grid = 8 });
        Assert.Equal(200, status);
        Assert.Equal(body.GetProperty("values")[0][0].GetDouble(), body.GetProperty("values")[7][0].GetDouble());
        Assert.Equal(9.0, body.GetProperty("values")[0][0].GetDouble());
    }

    [Fact]
    public async Task Contour_BadExpression_Returns400WithTheParsersMessageAndColumn()
    {
        const string text = "(1-x)^2 + 3*(y-x^2";
        Assert.False(Expression.TryParse(text, out _, out var error));
        var (status, type, body) = await fixture.PostJsonAsync("/api/contour", new { function = text });
        AssertProblem(status, type, body, 400, "function");
        Assert.Equal(error!.Message, body.GetProperty("detail").GetString());
        Assert.Equal(error.Column, body.GetProperty("column").GetInt32());
        Assert.Equal(19, body.GetProperty("column").GetInt32());
        Assert.Equal(text, body.GetProperty("expression").GetString());
    }

    [Theory]
    [InlineData("{\"function\":\"booth\",\"grid\":1000}", "grid")]
    [InlineData("{\"function\":\"booth\",\"grid\":2}", "grid")]
    [InlineData("{\"function\":\"booth\",\"bounds\":[1,0,0,1]}", "bounds")]
    [InlineData("{\"function\":\"booth\",\"bounds\":[0,1,0]}", "bounds")]
    [InlineData("{\"function\":\"x + y + z\"}", "function")]
    [InlineData("{\"function\":\"shifted\"}", "function")]
    [InlineData("{\"function\":\"\"}", "function")]
    [InlineData("{\"function\":\"rosenbrok\"}", "function")]
    public async Task Contour_OutOfBounds_Returns400NamingTheField(string json, string field)
    {
        var (status, type, body) = await fixture.PostJsonAsync("/api/contour", json);
        AssertProblem(status, type, body, 400, field);
    }

    [Fact]
    public async Task Contour_ExpressionTooLong_Rejected()
    {
        var text = string.Join('+', Enumerable.Repeat("x", 1001));
        var (status, type, body) = await fixture.PostJsonAsync("/api/contour", new { function = text });
        AssertProblem(status, type, body, 400, "function");
        Assert.Contains("at most 2000", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"function\":\"booth\",\"grid\":10,\"colour\":1}", "request body: unknown property $.colour")]
    [InlineData("{\"grid\":10}", "request body: missing 'function'")]
    [InlineData("{\"function\":\"booth\",\"grid\":\"ten\"}", "request body: wrong type of value at $.grid")]
    [InlineData("[1, 2", null)]
    public async Task MalformedBody_Returns400ProblemDetail(string json, string? detail)
    {
        var (status, type, body) = await fixture.PostJsonAsync("/api/contour", json);
        AssertProblem(status, type, body, 400, null);
        if (detail != null)
        {
            Assert.Equal(detail, body.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task OversizedBody_Returns413ProblemDetail()
    {
        var json = "{\"function\":\"" + new string('x', (int)PlaygroundServer.MaxRequestBodyBytes + 10) + "\"}";
        var (status, type, body) = await fixture.PostJsonAsync("/api/contour", json);
        AssertProblem(status, type, body, 413, null);
    }

    [Fact]
    public async Task Paths_GdOnRosenbrock_EqualsTrajectoriesRecord()
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/paths",
            new { function = "rosenbrock", start = new[] { -1.5, 2 }, optimizers = new[] { "gd:lr=0.001", "adam:lr=0.1" }, steps = 30 });
        Assert.Equal(200, status);
        var f = TestFunctions.Get("rosenbrock", 2);
        string[] specs = ["gd:lr=0.001", "adam:lr=0.1"];
        for (int i = 0; i < 2; i++)
        {
            var expected = Trajectories.Record(f, [-1.5, 2], specs[i], null, 30);
            var path = body.GetProperty("paths")[i];
            Assert.Equal(specs[i], path.GetProperty("spec").GetString());
            Assert.Equal(31, path.GetProperty("points").GetArrayLength());
            for (int k = 0; k <= 30; k++)
            {
                Assert.Equal(expected.Points[k].Point, Doubles(path.GetProperty("points")[k]));
                Assert.Equal(expected.Points[k].Loss, path.GetProperty("loss")[k].GetDouble());
            }

            var c = FunctionRace.ColorOf(i);
            Assert.Equal($"#{c.R:x2}{c.G:x2}{c.B:x2}", path.GetProperty("color").GetString());
        }
    }

    [Fact]
    public async Task Paths_WithSchedule_LearningRatesFollowTheSchedule()
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/paths",
            new { function = "quadratic", optimizers = new[] { "gd:lr=0.5" }, steps = 20, schedule = "cosine:t_max=20" });
        Assert.Equal(200, status);
        var expected = Trajectories.Record(TestFunctions.Get("quadratic", 2), TestFunctions.Get("quadratic", 2).DefaultStart, "gd:lr=0.5", "cosine:t_max=20", 20);
        Assert.Equal(expected.Points.Select(p => p.LearningRate), Doubles(body.GetProperty("paths")[0].GetProperty("lr")));
        Assert.Equal(expected.Points.Select(p => p.Point[0]), body.GetProperty("paths")[0].GetProperty("points").EnumerateArray().Select(p => p[0].GetDouble()));
    }

    [Fact]
    public async Task Paths_Diverging_NonFiniteValuesAreNullAndTheStopIsReported()
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/paths",
            new { function = "rosenbrock", optimizers = new[] { "gd:lr=1" }, steps = 200 });
        Assert.Equal(200, status);
        var path = body.GetProperty("paths")[0];
        var expected = Trajectories.Record(TestFunctions.Get("rosenbrock", 2), TestFunctions.Get("rosenbrock", 2).DefaultStart, "gd:lr=1", null, 200);
        Assert.NotNull(expected.StoppedEarly);
        Assert.Equal(expected.StoppedEarly, path.GetProperty("stoppedEarly").GetString());
        Assert.Equal(expected.Points.Count, path.GetProperty("loss").GetArrayLength());
    }

    [Fact]
    public async Task Paths_UnknownOptimizer_SameMessageAsTheCliAndTheIndex()
    {
        var (status, type, body) = await fixture.PostJsonAsync("/api/paths", new { function = "rosenbrock", optimizers = new[] { "gd:lr=0.1", "adom:lr=0.1" }, steps = 5 });
        AssertProblem(status, type, body, 400, "optimizers[1]");
        var (code, _, err) = CliTestHost.Run("compare", "--function", "rosenbrock", "--optimizers", "gd:lr=0.1;adom:lr=0.1", "--out", "/tmp/never-written.html");
        Assert.Equal(2, code);
        Assert.Equal("descent compare: --optimizers: " + body.GetProperty("detail").GetString(), err.TrimEnd());
    }

    [Theory]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[],\"steps\":5}", "optimizers")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\",\"gd\",\"gd\",\"gd\",\"gd\",\"gd\",\"gd\",\"gd\",\"gd\"],\"steps\":5}", "optimizers")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\"],\"steps\":2001}", "steps")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\"],\"steps\":0}", "steps")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\"],\"steps\":5,\"start\":[1e7,0]}", "start")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\"],\"steps\":5,\"start\":[1]}", "start")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd:lr=-1\"],\"steps\":5}", "optimizers[0]")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\"],\"steps\":5,\"schedule\":\"cosine\"}", "schedule")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"gd\"],\"steps\":5,\"dtype\":\"float16\"}", "dtype")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"adam\"],\"steps\":20,\"schedule\":\"onecycle:max_lr=0.1,total_steps=10\"}", "schedule")]
    [InlineData("{\"function\":\"booth\",\"optimizers\":[\"lbfgs:max_iter=1000\"],\"steps\":2000}", "optimizers")]
    public async Task Paths_OutOfBounds_Returns400NamingTheField(string json, string field)
    {
        var (status, type, body) = await fixture.PostJsonAsync("/api/paths", json);
        AssertProblem(status, type, body, 400, field);
    }

    [Theory]
    [InlineData("saddle", 0.0, 0.0, "saddle")]
    [InlineData("rosenbrock", 1.0, 1.0, "minimum")]
    [InlineData("-(x^2 + y^2)", 0.0, 0.0, "maximum")]
    [InlineData("booth", 0.0, 0.0, "not-critical")]
    public async Task Point_EqualsCriticalPointsAnalyze(string function, double x, double y, string kind)
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/point", new { function, point = new[] { x, y } });
        Assert.Equal(200, status);
        var objective = PlaygroundEndpoints.ResolveFunction(function);
        var expected = CriticalPoints.Analyze(objective, [x, y]);
        Assert.Equal(kind, body.GetProperty("kind").GetString());
        Assert.Equal(expected.Eigenvalues, Doubles(body.GetProperty("eigenvalues")));
        Assert.Equal(expected.Gradient, Doubles(body.GetProperty("gradient")));
        Assert.Equal(expected.Hessian[0, 1], body.GetProperty("hessian")[0][1].GetDouble());
        Assert.Equal(expected.Eigenvectors[0], Doubles(body.GetProperty("eigenvectors")[0]));
        Assert.Equal(expected.Explanation, body.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task Schedule_Cosine_EqualsSimulate()
    {
        var (status, _, body) = await fixture.PostJsonAsync("/api/schedule", new { schedule = "cosine:t_max=50,warmup=5", lr = 0.1, steps = 60 });
        Assert.Equal(200, status);
        Assert.Equal(ScheduleRegistry.Create("cosine:t_max=50,warmup=5").Simulate(0.1, 60), Doubles(body.GetProperty("values")));
    }

    [Theory]
    [InlineData("{\"schedule\":\"plateau\",\"lr\":0.1,\"steps\":10}", "schedule")]
    [InlineData("{\"schedule\":\"cosin:t_max=5\",\"lr\":0.1,\"steps\":10}", "schedule")]
    [InlineData("{\"schedule\":\"cosine:t_max=5\",\"lr\":0.1,\"steps\":100001}", "steps")]
    [InlineData("{\"schedule\":\"cosine:t_max=5\",\"lr\":-1,\"steps\":10}", "lr")]
    public async Task Schedule_OutOfBounds_Returns400NamingTheField(string json, string field)
    {
        var (status, type, body) = await fixture.PostJsonAsync("/api/schedule", json);
        AssertProblem(status, type, body, 400, field);
    }

    [Fact]
    public async Task Export_ReturnsTheCompareReportAsAnAttachment()
    {
        using var content = new StringContent(
            "{\"function\":\"rosenbrock\",\"start\":[-1.5,2],\"optimizers\":[\"gd:lr=0.001\",\"adam:lr=0.1\"],\"steps\":40}", Encoding.UTF8, "application/json");
        using var response = await fixture.Client.PostAsync(new Uri("/api/export", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var html = await response.Content.ReadAsStringAsync();
        var f = TestFunctions.Get("rosenbrock", 2);
        var race = FunctionRace.Run(f, [-1.5, 2], ["gd:lr=0.001", "adam:lr=0.1"], null, 40);
        var report = FunctionRace.Report(race, "descent compare --function rosenbrock --start=-1.5,2 --optimizers \"gd:lr=0.001;adam:lr=0.1\" --steps 40");
        var expected = report.ToHtml();
        static string Title(string page) => page[page.IndexOf("<title>", StringComparison.Ordinal)..page.IndexOf("</title>", StringComparison.Ordinal)];
        Assert.Equal(Title(expected), Title(html));
        static List<string> Headings(string page) => [.. System.Text.RegularExpressions.Regex.Matches(page, "<h2>([^<]*)</h2>").Select(m => m.Groups[1].Value)];
        Assert.Equal(Headings(expected), Headings(html));
        static string Code(string page) => System.Text.RegularExpressions.Regex.Match(page, "<pre><code>([^<]*)</code></pre>").Groups[1].Value;
        Assert.Equal(Code(expected), Code(html));
        Assert.StartsWith("descent compare --function rosenbrock", Code(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meta_GivesThePaletteAndTheLimits()
    {
        var (status, _, body) = await fixture.GetJsonAsync("/api/meta");
        Assert.Equal(200, status);
        Assert.Equal(PlaygroundLimits.MaxOptimizers, body.GetProperty("limits").GetProperty("maxOptimizers").GetInt32());
        Assert.Equal(PlaygroundLimits.MaxSteps, body.GetProperty("limits").GetProperty("maxSteps").GetInt32());
        Assert.Equal(Palette.Series.Count, body.GetProperty("palette").GetArrayLength());
    }
}
