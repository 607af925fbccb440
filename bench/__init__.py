"""`make bench`: the production stack on loopback, loaded and checked (docs/performance.md).

- `run`: the command line, the order of the main run, its summary;
- `scenarios`: the main run's scenarios, a module each (sign, confirm, read, two, export, profile);
- `submissions`: signing load against one app server or more, shared by sign and two;
- `load`: wrk and the result line of its Lua scripts (`lua/`);
- `report`: the PASS/FAIL checks, the load and CPU lines, the figures for the summary;
- `consistency`: what the database, count.json and the outbox say;
- `setup`: the main run's environment, database, petitions, app servers, worker, nginx;
- `stack`: starting, waiting for and stopping processes; their memory and CPU;
- `mail`: a real SMTP server (aiosmtpd) that keeps what it receives;
- `pgbench`: raw PostgreSQL inserts of a signature's shape, the yardstick for the ratios;
- `lifecycle`: submit, email, confirm from the email's link, all at once;
- `faults`: signing while a service fails (issue #10), its own stack;
- `profile_sign`, `fill`, `export_probe`: probes the scenarios run in processes of their own;
- `timing`, `sealing`, `transparency_log`, `delivery`: smaller probes, run on their own.
"""
