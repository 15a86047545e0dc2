namespace Kit.Display.Plotly;

/// <summary>One series of a grouped bar chart: a value per category and optional symmetric error bars.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="Values">One value per category, in the order of the categories.</param>
/// <param name="Errors">Optional half-widths of the error bars (e.g. standard deviation over seeds).</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Errors = null);
