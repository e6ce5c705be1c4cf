# Oracle for KMeansTest: scikit-learn's k-means on the committed T2 fixture.
# Run with Debian's python3 + python3-sklearn:  /usr/bin/python3 sklearn_oracle.py > sklearn_oracle.txt
import numpy as np
import sklearn
from sklearn.cluster import KMeans

X = np.loadtxt("t2_5k_features.csv", delimiter=",", skiprows=1)
C = np.loadtxt("t2_5k_init_centroids.csv", delimiter=",", skiprows=1)
km = KMeans(n_clusters=8, init=C, n_init=1, max_iter=20, tol=0, algorithm="lloyd").fit(X)
# inertia recomputed from the final centroids (as the peers' shared checker does)
d = ((X[:, None, :] - km.cluster_centers_[None, :, :]) ** 2).sum(-1).min(1).sum()
print("sklearn", sklearn.__version__, "n_iter", km.n_iter_)
print("inertia_final_centroids %.12e" % d)
print("inertia_ %.12e" % km.inertia_)
