using System.Diagnostics;
using System.Text.RegularExpressions;
using Kit.Display;
using Microsoft.Data.Analysis;

namespace Kit.Display.Tests;

/// <summary>A fact that needs Debian's chromium; skipped visibly without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists("/usr/bin/chromium")) Skip = "needs chromium (apt install chromium; tools/kernel/setup-kernel.sh)";
    }
}

/// <summary>The DataFrame table's pager, run by headless Chromium with the network unplugged.</summary>
public sealed class DataFrameHtmlBrowserTests
{
    /// <summary>Loads the page in headless Chromium (every non-loopback request to a dead proxy) and returns the DOM after its scripts ran.</summary>
    private static string DumpDom(string html)
    {
        var dir = Directory.CreateTempSubdirectory("kit-frame-page-").FullName;
        try
        {
            var page = Path.Combine(dir, "page.html");
            File.WriteAllText(page, html);
            var psi = new ProcessStartInfo("/usr/bin/chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--proxy-server=http://127.0.0.1:9",
                         $"--user-data-dir={Path.Combine(dir, "profile")}", "--dump-dom", "file://" + page })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var dom = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 60 s"); }
            return dom.Length > 0 ? dom : throw new InvalidOperationException("chromium printed no DOM: " + stderr.Result);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [ChromiumFact]
    public void NextAndPrevShowOnePageAtATime()
    {
        var frame = new DataFrame(new Int64DataFrameColumn("seed", Enumerable.Range(0, 60).Select(i => (long?)i)));
        // After the table's own script: next three times (clamped at the last page), read the state, then prev once.
        const string probe = """
            <script>
            function state() {
              var rows = Array.prototype.filter.call(document.querySelectorAll('tbody tr'), function (r) { return r.style.display !== 'none'; });
              return document.querySelector('.kit-frame-page').textContent + ' | ' + rows.length + ' | ' + rows[0].cells[0].textContent + '-' + rows[rows.length - 1].cells[0].textContent;
            }
            var buttons = document.querySelectorAll('button[data-step]'), log = [state()];
            for (var i = 0; i < 3; i++) buttons[1].click();
            log.push(state());
            buttons[0].click();
            log.push(state());
            document.body.setAttribute('data-probe', log.join(' / '));
            </script>
            """;
        var dom = DumpDom("<!DOCTYPE html><html><body>" + DataFrameHtml.Render(frame) + probe + "</body></html>");
        var m = Regex.Match(dom, "data-probe=\"([^\"]*)\"");
        Assert.True(m.Success, dom.Length > 2000 ? dom[..2000] : dom);
        Assert.Equal("page 1 of 3 | 25 | 0-24 / page 3 of 3 | 10 | 50-59 / page 2 of 3 | 25 | 25-49", m.Groups[1].Value);
    }
}
