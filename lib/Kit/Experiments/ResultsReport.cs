using Kit.Display;

namespace Kit.Experiments;

/// <summary>DIR/report.html: the question, the charts, the table and the summary, viewable offline.</summary>
internal static class ResultsReport
{
    public static HtmlReport Build(AblationResults results)
    {
        var table = results.Ablation;
        var report = new HtmlReport($"{table.Id}: {table.Title}")
            .Paragraph($"Source: {table.Source}. {table.Question}");
        if (table.Note is not null) report.Paragraph(table.Note);
        foreach (var chart in results.Charts()) report.Add(chart);
        return report.Add(results.Table()).Heading("What the measurements say").Paragraph(results.Summary());
    }
}
