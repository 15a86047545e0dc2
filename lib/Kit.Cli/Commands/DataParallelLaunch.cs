using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kit.Training.Distributed;

namespace Kit.Cli.Commands;

/// <summary>
/// `--nproc N` of the training commands, and joining a job as one of its ranks. A launch re-runs this command N times
/// as child processes on this machine with the distributed environment set (MASTER_ADDR=127.0.0.1, a free
/// MASTER_PORT, RANK = LOCAL_RANK = 0..N-1, WORLD_SIZE=N) and waits for them; a process started with that environment
/// (by this launcher or by any other: torchrun, Slurm, Kubernetes) joins the job instead of training alone.
/// Rank 0 prints progress; the other ranks' standard output is dropped, their errors shown. Without --threads each rank
/// gets cores / N intra-op threads.
/// </summary>
internal static class DataParallelLaunch
{
    /// <summary>--nproc N (default 1).</summary>
    public static int ProcessCount(Args args)
    {
        var nproc = args.Int("nproc", 1);
        return nproc >= 1 ? nproc : throw new UsageException($"--nproc must be at least 1, got {nproc}");
    }

    /// <summary>Starts the N processes when <paramref name="nproc"/> is more than one and this process is not already a
    /// rank; returns the job's exit code (the first failing rank's), or null when this process should train itself.</summary>
    public static int? LaunchIfAsked(int nproc)
    {
        if (nproc == 1 || DistributedEnvironment.FromEnvironment() is not null) return null;
        var port = FreePort();
        var argv = Environment.GetCommandLineArgs().Skip(1).ToList();
        RemoveOption(argv, "nproc");
        // Each rank gets its share of the cores unless told otherwise (N ranks x all cores would oversubscribe them).
        if (!argv.Any(a => a == "--threads" || a.StartsWith("--threads=", StringComparison.Ordinal)))
            argv.AddRange(["--threads", Math.Max(1, Environment.ProcessorCount / nproc).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Console.WriteLine($"launching {nproc} processes (Gloo/NCCL rendezvous at 127.0.0.1:{port})");
        // Ctrl+C reaches every child itself; the launcher waits for them to write their checkpoint and stop.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        var children = new List<Process>();
        try
        {
            for (var rank = 0; rank < nproc; rank++)
                children.Add(Start(argv, new DistributedEnvironment("127.0.0.1", port, rank, nproc, rank)));
            return Wait(children);
        }
        finally
        {
            foreach (var c in children) c.Dispose();
        }
    }

    /// <summary>Joins the job the environment describes as the process's default group (null when there is none).</summary>
    public static ProcessGroup? JoinIfRank(string device)
    {
        var env = DistributedEnvironment.FromEnvironment();
        if (env is null) return null;
        return ProcessGroup.InitDefault(env, ProcessGroup.BackendFor(Kit.Torch.Device.Parse(device)));
    }

    /// <summary>Runs <paramref name="make"/> on rank 0 before the other ranks (which wait for it), so work done once and
    /// cached on disk (generating the synthetic dataset, filling a flow cache) is not raced by several processes.</summary>
    public static T MainFirst<T>(ProcessGroup? job, Func<T> make)
    {
        if (job is null) return make();
        if (!job.IsMain) job.Barrier();
        var made = make();
        if (job.IsMain) job.Barrier();
        return made;
    }

    /// <summary>The device of this rank: a bare "cuda" (or "auto" on a GPU machine) becomes cuda:LOCAL_RANK, one GPU per process.</summary>
    public static string RankDevice(string device)
    {
        var env = DistributedEnvironment.FromEnvironment();
        if (env is null) return device;
        var d = Kit.Torch.Device.Parse(device);
        return d.Type == Kit.Torch.DeviceType.CUDA && d.Index < 0 ? $"cuda:{env.LocalRank}" : device;
    }

    private static Process Start(List<string> argv, DistributedEnvironment env)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program's path to start the ranks");
        var info = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = env.Rank != 0 };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(DataParallelLaunch).Assembly.Location);
        foreach (var a in argv) info.ArgumentList.Add(a);
        foreach (var (k, v) in env.ToVariables()) info.Environment[k] = v;
        var p = Process.Start(info) ?? throw new InvalidOperationException($"could not start rank {env.Rank}");
        if (info.RedirectStandardOutput)
        {
            p.OutputDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
        }
        return p;
    }

    /// <summary>Waits for every rank; when one fails the others are stopped (they would wait for it until the timeout).</summary>
    private static int Wait(List<Process> children)
    {
        var failed = 0;
        while (children.Any(c => !c.HasExited))
        {
            var bad = children.FirstOrDefault(c => c.HasExited && c.ExitCode != 0);
            if (bad is not null)
            {
                failed = bad.ExitCode;
                Console.Error.WriteLine($"rank {children.IndexOf(bad)} exited with code {bad.ExitCode}; stopping the other ranks");
                foreach (var c in children.Where(c => !c.HasExited)) c.Kill(entireProcessTree: true);
            }
            Thread.Sleep(100);
        }
        foreach (var c in children) c.WaitForExit();
        return failed != 0 ? failed : children.Select(c => c.ExitCode).FirstOrDefault(code => code != 0);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static void RemoveOption(List<string> argv, string name)
    {
        for (var i = 0; i < argv.Count; i++)
        {
            if (argv[i] == "--" + name)
            {
                argv.RemoveAt(i);
                if (i < argv.Count && !argv[i].StartsWith("--", StringComparison.Ordinal)) argv.RemoveAt(i);
                i--;
            }
            else if (argv[i].StartsWith("--" + name + "=", StringComparison.Ordinal)) argv.RemoveAt(i--);
        }
    }
}
