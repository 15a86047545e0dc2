using Kit.Display.Plotly;

namespace Kit.Tests.Experiments;

/// <summary>A fact that needs the plotly.js bundle (npm install at setup) and says so when skipped.</summary>
public sealed class PlotlyFactAttribute : FactAttribute
{
    public PlotlyFactAttribute()
    {
        if (PlotlyLibrary.Locate() is null) Skip = "needs plotly.js (node_modules/plotly.js-cartesian-dist-min: run the setup's npm ci) for report.html";
    }
}
