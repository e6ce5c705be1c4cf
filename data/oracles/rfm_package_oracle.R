# Independent oracle for `--definition rfm-package` (R rfm package, rfm_table_order + its bins()).
# Written in base R from the package's documented rules, so that R's own quantile() (type 7) and
# R's arithmetic decide the scores. Run with Debian's R 4.2.2:
#   Rscript data/oracles/rfm_package_oracle.R data/cdnow/CDNOW_master.txt 1998-07-01 data/oracles/cdnow_rfm_package_R.csv
# rfm_table_order: amount = sum(revenue), transaction_count = n(), recency_days = analysis_date - max(order_date);
# bins(): breaks = quantile(x, probs = seq(0, 1, length.out = bins + 1)) without first and last;
#   lower = c(min(x), breaks), upper = c(breaks, max(x) + 1); score i where lower[i] <= x < upper[i];
#   recency scores reversed (5 = most recent).
args <- commandArgs(trailingOnly = TRUE)
raw <- read.table(args[1], header = TRUE, colClasses = c("character", "character", "numeric", "numeric"))
names(raw) <- c("customer_id", "date", "cds", "revenue")
raw$customer_id <- as.character(as.integer(raw$customer_id))
raw$order_date <- as.Date(raw$date, format = "%Y%m%d")
analysis_date <- as.Date(args[2])

amount <- tapply(raw$revenue, raw$customer_id, sum)
transaction_count <- tapply(raw$revenue, raw$customer_id, length)
last <- tapply(as.numeric(raw$order_date), raw$customer_id, max)
ids <- names(amount)
recency_days <- as.numeric(analysis_date) - as.numeric(last[ids])

score <- function(x, n_bins = 5) {
  breaks <- unname(quantile(x, probs = seq(0, 1, length.out = n_bins + 1)))
  breaks <- breaks[-c(1, length(breaks))]
  lower <- c(min(x), breaks)
  upper <- c(breaks, max(x) + 1)
  s <- rep(NA_integer_, length(x))
  for (i in seq_len(n_bins)) {
    hit <- is.na(s) & x >= lower[i] & x < upper[i]
    s[hit] <- i
  }
  s
}
r <- 6L - score(recency_days)
f <- score(as.numeric(transaction_count[ids]))
m <- score(as.numeric(amount[ids]))
out <- data.frame(customer_id = ids, recency_days = recency_days,
                  transaction_count = as.integer(transaction_count[ids]),
                  amount = sprintf("%.2f", round(as.numeric(amount[ids]), 2)),
                  recency_score = r, frequency_score = f, monetary_score = m)
out <- out[order(as.integer(out$customer_id)), ]
write.csv(out, args[3], row.names = FALSE, quote = FALSE)
cat("rows:", nrow(out), "\n")
