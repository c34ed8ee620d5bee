"""Tutorial 6: code a DataFrame on a Dask cluster (here a two-worker LocalCluster).

    python docs/examples/dask_cluster.py

Codes data/news.csv partition by partition with eventcoder.dask.code_dataframe and
writes the events to events-dask/ (a folder of Parquet files, one per partition) in
the current directory. Needs `pip install "eventcoder[dask]"`.
"""

import logging
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from eventcoder.dask import code_dataframe

NEWS = Path(__file__).resolve().parent / "data" / "news.csv"


def main() -> None:
    # One thread per worker: spaCy does not gain from threads, processes do.
    # On a real cluster: Client("tcp://scheduler:8786") instead.
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,  # no chatter when the workers shut down
        ) as cluster,
        Client(cluster) as client,
    ):
        print("workers:", len(client.scheduler_info()["workers"]))

        # Any Dask DataFrame works: dd.read_parquet("s3://bucket/news/*.parquet") etc.
        news = dd.from_pandas(pd.read_csv(NEWS), npartitions=4)

        # Lazy: this builds the task graph. Each task carries a small CoderSpec (the
        # codebook and model names), and every worker loads the model once and
        # reuses it for all its partitions.
        events = code_dataframe(news, text="text", date="date", id="id")
        print("columns:", len(events.columns), "- the same as eventcoder.COLUMNS")

        # Nothing runs until here.
        events.to_parquet("events-dask/")

        table = pd.read_parquet("events-dask/")
        print(f"{len(table)} events from {table['doc_id'].nunique()} stories")
        print(table.groupby("quad_class_name").size().to_string())


if __name__ == "__main__":  # worker processes import this file: guard the cluster
    main()
